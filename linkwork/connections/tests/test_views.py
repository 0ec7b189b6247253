"""The link worker's pages (connect, follow up, the person page, the discharge warning) and the VCSE partner
portal (only their organisation's connections, only the fields the person agreed to share)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from linkwork.accounts.tests.factories import UserFactory
from linkwork.connections import services
from linkwork.connections.models import Connection
from linkwork.connections.tests.factories import connect, connectable_service
from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory
from linkwork.plans.tests.factories import make_plan


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_connect_to_two_services_in_one_go(active, lw, service, other_service):
    c = client_for(lw)
    url = f"/referrals/{active.pk}/connections/new"
    page = c.get(url, {"q": "natter"}).content.decode()
    assert "Knit and natter" in page and "Allotment group" not in page
    page = c.get(url, {"service": [service.pk, other_service.pk]}).content.decode()
    assert "Knit and natter" in page and "Allotment group" in page and 'name="s1_consent"' in page
    data = {
        "service": [str(service.pk), str(other_service.pk)],
        "s0_kind": "referral",
        "s0_reason": "Wants company",
        "s0_shared_fields": ["name", "contact_details"],
        "s0_contact_details": "07700 900123",
        "s0_consent": "on",
        "s1_kind": "signposting",
        "s1_reason": "Likes gardening",
    }
    response = c.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith(f"#connections-{active.pk}")
    assert Connection.objects.filter(referral=active).count() == 2
    person_page = c.get(response["Location"]).content.decode()
    assert "Knit and natter" in person_page and "Still waiting" in person_page


def test_errors_are_shown_on_the_row_and_nothing_is_stored(active, lw, service, other_service):
    c = client_for(lw)
    data = {
        "service": [str(service.pk), str(other_service.pk)],
        "s0_kind": "referral",
        "s0_shared_fields": ["name"],
        "s0_consent": "on",
        "s1_kind": "referral",
        "s1_shared_fields": ["name"],
    }
    response = c.post(f"/referrals/{active.pk}/connections/new", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "The person must agree" in body and 'href="#id_s1_consent"' in body
    assert not Connection.objects.exists()


def test_follow_up_page_lists_the_pcns_flags(world, active, lw, service):
    connect(active, lw, service)
    body = client_for(world.user("pcn_manager")).get("/connections/follow-up").content.decode()
    assert "Knit and natter" in body and "Still waiting" in body and active.person.full_name in body
    other = client_for(world.other_users["link_worker"]).get("/connections/follow-up").content.decode()
    assert "Knit and natter" not in other
    assert client_for(world.user("vcse_partner")).get("/connections/follow-up").status_code == 403


def test_partner_sees_only_what_the_person_agreed_to_share(active, lw, partner, service):
    make_plan(active, lw, what_matters="My grandchildren", health_conditions="Arthritis in both knees")
    sent = connect(active, lw, service, shared=("name", "what_matters"))[0]
    c = client_for(partner)
    listing = c.get("/partner/connections").content.decode()
    assert active.person.full_name in listing
    body = c.get(f"/partner/connections/{sent.pk}").content.decode()
    person = active.person
    assert person.full_name in body and "My grandchildren" in body
    for hidden in (person.nhs_number, person.formatted_nhs_number, person.postcode, "Arthritis", "07700 900123"):
        assert hidden not in body
    assert "Lonely since moving" not in body  # the reason was not shared
    viewed = AuditLog.objects.filter(action="view", what="connection", object_id=str(sent.pk))
    assert viewed.count() == 2  # the list (the name) and the connection
    assert {(v.person_id, v.actor_id) for v in viewed} == {(person.pk, partner.pk)}


def test_partner_of_another_organisation_gets_404_and_it_is_logged(world, active, lw, service):
    sent = connect(active, lw, service)[0]
    elsewhere = OrganisationFactory(kind="vcse", name="Elsewhere", parent=world.icb)
    stranger = UserFactory(role="vcse_partner", organisation=elsewhere, email="stranger@example.org")
    c = client_for(stranger)
    for path in (f"/partner/connections/{sent.pk}", f"/connections/{sent.pk}/status"):
        assert c.get(path).status_code == 404
    assert "Knit and natter" not in c.get("/partner/connections").content.decode()
    assert AuditLog.objects.filter(action="denied", what="connection", actor=stranger).count() == 2
    # and nothing else: no person page, no episode, no caseload
    assert c.get(f"/people/{active.person_id}").status_code == 403
    assert c.get(f"/referrals/{active.pk}").status_code == 404


def test_partner_accepts_and_declines_through_the_portal(active, lw, partner, service, other_service):
    a, b = connect(active, lw, service, other_service)
    c = client_for(partner)
    start = timezone.localdate() + timedelta(days=5)
    response = c.post(
        f"/connections/{a.pk}/status",
        {
            "status": "accepted",
            "expected_start_on_day": start.day,
            "expected_start_on_month": start.month,
            "expected_start_on_year": start.year,
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/partner/connections/{a.pk}"
    response = c.post(f"/connections/{b.pk}/status", {"status": "rejected"})
    assert response.status_code == 200 and "Say why" in response.content.decode()
    c.post(f"/connections/{b.pk}/status", {"status": "rejected", "reason": "Full until spring"})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.expected_start_on, b.status) == ("accepted", start, "rejected")
    page = client_for(lw).get(f"/people/{active.person_id}").content.decode()
    assert "Declined" in page and "Full until spring" in page and "Accepted" in page


def test_partner_reports_engagement(active, lw, partner, service):
    sent = connect(active, lw, service)[0]
    today = timezone.localdate()
    response = client_for(partner).post(
        f"/connections/{sent.pk}/engagement",
        {
            "engagement": "engaged",
            "first_seen_on_day": today.day,
            "first_seen_on_month": today.month,
            "first_seen_on_year": today.year,
            "outcome": "Comes every week",
        },
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.engagement, sent.first_seen_on, sent.outcome) == ("engaged", today, "Comes every week")


def test_link_worker_sees_only_referrer_statuses(active, lw, service):
    sent = connect(active, lw, service)[0]
    body = client_for(lw).get(f"/connections/{sent.pk}/status").content.decode()
    assert 'value="cancelled"' in body and 'value="accepted"' not in body


def test_discharge_warns_about_connections_not_yet_seen_but_does_not_block(world, active, lw, partner, service):
    other = connectable_service(world.vcse, world.pcn, name="Walking group")
    seen, _waiting = connect(active, lw, service, other)
    services.change_status(seen, "in-progress", user=partner, auditor=Auditor(partner))
    c = client_for(lw)
    body = c.get(f"/referrals/{active.pk}/discharge").content.decode()
    assert "Not yet seen by 1 service" in body and "Walking group" in body
    assert "Knit and natter" not in body


@pytest.mark.parametrize("role", ["practice_staff", "commissioner", "admin"])
def test_other_roles_reach_no_connection_page(world, active, lw, service, role):
    sent = connect(active, lw, service)[0]
    c = client_for(world.user(role))
    for path in (
        "/partner/connections",
        f"/partner/connections/{sent.pk}",
        "/connections/follow-up",
        f"/connections/{sent.pk}/status",
        f"/referrals/{active.pk}/connections/new",
    ):
        assert c.get(path).status_code == 403, path


def test_partner_never_sees_a_connection_entered_in_error(active, lw, partner, service):
    sent = connect(active, lw, service)[0]
    services.change_status(sent, "entered-in-error", "Wrong person", user=lw, auditor=Auditor(lw))
    c = client_for(partner)
    assert "Knit and natter" not in c.get("/partner/connections").content.decode()
    assert c.get(f"/partner/connections/{sent.pk}").status_code == 404


def test_person_page_flags_a_seen_connection_whose_engagement_is_not_known(active, lw, partner, service):
    sent = connect(active, lw, service)[0]
    services.change_status(sent, "in-progress", user=partner, auditor=Auditor(partner))
    page = client_for(lw).get(f"/people/{active.person_id}").content.decode()
    assert "Not known if they went" in page and "Still waiting" not in page


def test_navigation_offers_each_side_its_connections_page(world):
    partner_home = client_for(world.user("vcse_partner")).get("/", follow=True).content.decode()
    assert 'href="/partner/connections"' in partner_home
    caseload = client_for(world.user("link_worker")).get("/caseload").content.decode()
    assert 'href="/connections/follow-up"' in caseload and 'href="/partner/connections"' not in caseload
