"""The connections API: 201 with every connection made (or none), 403 naming the rule when the caller's side
may not set a status, 404 outside the caller's reach, 422 for a transition or input not allowed."""

from datetime import timedelta

from django.utils import timezone

from linkwork.accounts.tests.factories import UserFactory
from linkwork.connections.models import Connection
from linkwork.connections.tests.factories import connect
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory
from linkwork.plans.tests.factories import make_plan


def body_for(*services, **overrides):
    return {
        "connections": [
            {
                "service": str(s.pk),
                "kind": "referral",
                "reason": "Wants company",
                "shared_fields": ["name", "contact_details"],
                "contact_details": "ada@example.org",
                "consent": True,
                **overrides,
            }
            for s in services
        ]
    }


def test_make_two_connections(api, active, lw, service, other_service):
    response = api(lw).post(f"/api/v1/referrals/{active.pk}/connections", body_for(service, other_service))
    assert response.status_code == 201, response.content
    made = response.json()["connections"]
    assert [m["service"] for m in made] == [str(service.pk), str(other_service.pk)]
    assert {m["status"] for m in made} == {"requested"} and all(m["needs_follow_up"] for m in made)
    assert made[0]["person"] == str(active.person_id)


def test_all_or_nothing_with_indexed_errors(api, active, lw, service, other_service):
    body = body_for(service, other_service)
    body["connections"][1]["consent"] = False
    response = api(lw).post(f"/api/v1/referrals/{active.pk}/connections", body)
    assert response.status_code == 422
    assert {(e["field"], e["rule"]) for e in response.json()["detail"]} == {("connections[1].consent", "consent")}
    assert not Connection.objects.exists()


def test_schema_errors_and_idempotent_retry(api, active, lw, service):
    client = api(lw)
    bad = client.post(f"/api/v1/referrals/{active.pk}/connections", body_for(service, kind="visit"))
    assert bad.status_code == 422 and bad.json()["detail"][0]["rule"] == "choice"
    key = {"HTTP_IDEMPOTENCY_KEY": "connect-1"}
    first = client.post(f"/api/v1/referrals/{active.pk}/connections", body_for(service), **key)
    again = client.post(f"/api/v1/referrals/{active.pk}/connections", body_for(service), **key)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Connection.objects.count() == 1


def test_only_caseload_roles_in_their_pcn_make_connections(api, world, active, service):
    url = f"/api/v1/referrals/{active.pk}/connections"
    assert api(world.user("pcn_manager")).post(url, body_for(service)).status_code == 403
    assert api(world.user("vcse_partner")).post(url, body_for(service)).status_code == 403
    assert api(world.other_users["link_worker"]).post(url, body_for(service)).status_code == 404


def test_partner_reads_only_shared_fields(api, active, lw, partner, service):
    make_plan(active, lw, how_to_support="Face to face please")
    sent = connect(active, lw, service, shared=("name", "how_to_support"))[0]
    response = api(partner).get(f"/api/v1/connections/{sent.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["person"] is None and data["referral"] is None and data["reason"] is None
    assert {f["key"]: f["value"] for f in data["shared_person"]} == {
        "name": active.person.full_name,
        "how_to_support": "Face to face please",
    }
    assert active.person.nhs_number not in response.content.decode()
    assert AuditLog.objects.filter(action="view", what="connection", person_id=active.person_id).exists()
    listing = api(partner).get("/api/v1/connections", {"status": "requested", "service": str(service.pk)}).json()
    assert listing["count"] == 1 and listing["items"][0]["person"] is None


def test_status_codes_for_changes(api, world, active, lw, partner, service):
    sent = connect(active, lw, service)[0]
    url = f"/api/v1/connections/{sent.pk}/status"
    # The referrer may not accept: 403 naming the rule.
    forbidden = api(lw).post(url, {"status": "accepted"})
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"][0]["rule"] == "who_may_set"
    # Declining needs a reason: 422.
    assert api(partner).post(url, {"status": "rejected"}).status_code == 422
    start = (timezone.localdate() + timedelta(days=3)).isoformat()
    ok = api(partner).post(url, {"status": "accepted", "expected_start_on": start})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted" and ok.json()["expected_start_on"] == start
    # accepted -> rejected is not a transition: 422.
    refused = api(partner).post(url, {"status": "rejected", "reason": "changed our mind"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["rule"] == "transition"
    # Outside the caller's reach: 404.
    elsewhere = OrganisationFactory(kind="vcse", name="Elsewhere", parent=world.icb)
    stranger = UserFactory(role="vcse_partner", organisation=elsewhere, email="stranger@example.org")
    assert api(stranger).post(url, {"status": "completed"}).status_code == 404
    assert api(stranger).get(f"/api/v1/connections/{sent.pk}").status_code == 404
    assert api(world.other_users["link_worker"]).post(url, {"status": "cancelled"}).status_code == 404
    # Roles that never change connections: 403.
    assert api(world.user("pcn_manager")).post(url, {"status": "cancelled"}).status_code == 403


def test_engagement(api, active, lw, partner, service):
    sent = connect(active, lw, service)[0]
    url = f"/api/v1/connections/{sent.pk}/engagement"
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    bad = api(partner).post(url, {"engagement": "engaged", "first_seen_on": future})
    assert bad.status_code == 422 and bad.json()["detail"][0] == {
        "field": "first_seen_on",
        "rule": "not_in_future",
        "message": "the first session must be today or in the past",
    }
    today = timezone.localdate().isoformat()
    ok = api(partner).post(url, {"engagement": "engaged", "first_seen_on": today, "outcome": "Loves it"})
    assert ok.status_code == 200
    # The service says the person came: it has taken them on (ADR 0050), and nobody is waiting any more.
    answer = ok.json()
    assert (answer["engagement"], answer["days_waited"], answer["needs_follow_up"]) == ("engaged", 0, False)
    assert answer["status"] == "in-progress"
    assert api(lw).get(f"/api/v1/connections/{sent.pk}").json()["needs_follow_up"] is False


def test_discharge_by_api_warns_about_connections_not_yet_seen(api, active, lw, service, other_service):
    made = api(lw).post(f"/api/v1/referrals/{active.pk}/connections", body_for(service, other_service))
    assert made.status_code == 201
    today = timezone.localdate().isoformat()
    response = api(lw).post(f"/api/v1/referrals/{active.pk}/discharge", {"discharged_on": today, "reason": "connected"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "discharged"
    warnings = response.json()["warnings"]
    assert len(warnings) == 2 and all("has not seen the person yet" in w for w in warnings)
    assert service.name in warnings[0] or service.name in warnings[1]
