"""Connecting a person (issue 8): from a service's page to one of the link worker's people and the connect form with
that service chosen; the directory grouped by category with each organisation's capacity; a warning the link worker
confirms before sending to an organisation taking no one; and never two services with the same label."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from linkwork.community.models import CapacityStatement
from linkwork.community.tests.factories import ServiceFactory
from linkwork.connections import directory as connection_directory
from linkwork.connections.models import Connection
from linkwork.connections.tests.factories import connect, connectable_service
from linkwork.organisations.tests.factories import OrganisationFactory
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.tests.factories import ReferralFactory


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def say_capacity(organisation, status, wait=None):
    return CapacityStatement.objects.create(
        organisation=organisation, status=status, typical_wait_days=wait, stated_on=timezone.localdate()
    )


def test_from_a_service_page_to_one_of_my_people_to_the_connect_form(world, active, lw, service):
    c = client_for(lw)
    page = c.get(f"/directory/services/{service.pk}").content.decode()
    assert f'href="/directory/services/{service.pk}/connect"' in page
    # Someone else's person, and my person still waiting for first contact, cannot be connected from here.
    theirs = ReferralFactory(
        person=PersonFactory(gp_practice=world.practice, family_name="Elsewhere"),
        status="active",
        assigned_to=world.user("care_coordinator"),
    )
    waiting = ReferralFactory(
        person=PersonFactory(gp_practice=world.practice, family_name="Notyet"), status="waiting", assigned_to=lw
    )
    chooser = c.get(f"/directory/services/{service.pk}/connect").content.decode()
    assert "Connect a person to Knit and natter" in chooser
    assert active.person.full_name in chooser
    assert theirs.person.full_name not in chooser and waiting.person.full_name not in chooser
    link = f"/referrals/{active.pk}/connections/new?service={service.pk}"
    assert f'href="{link}"' in chooser
    form = c.get(link).content.decode()
    assert "Knit and natter (Good Neighbours)" in form and 'name="s0_kind"' in form and "s1_kind" not in form
    # Once connected, the chooser says so instead of offering it again.
    connect(active, lw, service)
    again = c.get(f"/directory/services/{service.pk}/connect").content.decode()
    assert "Already connected" in again and f'href="{link}"' not in again


def test_finding_a_person_by_name_or_nhs_number(world, active, lw, service):
    other = ReferralFactory(
        person=PersonFactory(gp_practice=world.practice, given_name="Zed", family_name="Quill"),
        status="active",
        assigned_to=lw,
    )
    c = client_for(lw)
    url = f"/directory/services/{service.pk}/connect"
    by_name = c.get(url, {"q": "quill"}).content.decode()
    assert "Zed Quill" in by_name and active.person.full_name not in by_name
    by_number = c.get(url, {"q": active.person.formatted_nhs_number}).content.decode()
    assert active.person.full_name in by_number and other.person.full_name not in by_number


def test_roles_without_a_caseload_are_not_offered_the_link(world, service):
    for role in ("pcn_manager", "gp_supervisor", "vcse_partner"):
        page = client_for(world.user(role)).get(f"/directory/services/{service.pk}").content.decode()
        assert f"/directory/services/{service.pk}/connect" not in page, role
        assert client_for(world.user(role)).get(f"/directory/services/{service.pk}/connect").status_code == 403


def test_the_directory_to_choose_from_is_grouped_by_category_with_capacity(world, active, lw):
    walking = connectable_service(world.vcse, world.pcn, name="Walking group", category="physical_activity")
    connectable_service(world.vcse, world.pcn, name="Tea and chat", category="befriending")
    say_capacity(world.vcse, "waiting_list", 21)
    page = client_for(lw).get(f"/referrals/{active.pk}/connections/new").content.decode()
    headings = re.findall(r'<h3[^>]*class="nhsuk-fieldset__heading"[^>]*>\s*(.*?)\s*</h3>', page, re.S)
    # In the categories' agreed order (data/service_categories.yaml), not by name.
    assert headings == ["Physical activity support", "Befriending"], headings
    assert page.index("Walking group") < page.index("Tea and chat")
    assert "Capacity: Waiting list, typical wait 21 days" in page
    form = client_for(lw).get(f"/referrals/{active.pk}/connections/new", {"service": walking.pk}).content.decode()
    assert "Waiting list, typical wait 21 days" in form and "<h2>Physical activity support</h2>" in form


def test_nothing_ticked_is_an_error_summary_linked_to_the_first_box(active, lw, service):
    response = client_for(lw).get(f"/referrals/{active.pk}/connections/new", {"step": "choose"})
    body = response.content.decode()
    assert "<title>Error: Connect to services" in body
    summary = body[body.index("nhsuk-error-summary") :]
    assert 'href="#service-befriending"' in summary and "Choose at least one service" in summary
    assert 'id="service-befriending"' in body
    assert not Connection.objects.exists()


def test_two_services_with_the_same_name_never_share_a_label(world, active, lw):
    other_org = OrganisationFactory(kind="vcse", name="Hillside Trust", parent=world.icb)
    first = connectable_service(world.vcse, world.pcn, name="Walking group", location_name="Riverside Park")
    second = connectable_service(world.vcse, world.pcn, name="Walking group", location_name="Hill Top")
    third = connectable_service(other_org, world.pcn, name="Walking group")
    twin = connectable_service(world.vcse, world.pcn, name="Walking group", location_name="Hill Top")
    labels = connection_directory.labels_for([first, second, third, twin])
    assert len(set(labels.values())) == 4
    assert labels[first.pk] == "Walking group (Good Neighbours, Riverside Park)"
    assert labels[third.pk] == "Walking group (Hillside Trust)"
    assert labels[second.pk] == "Walking group (Good Neighbours, Hill Top, entry 1 of 2)"
    assert labels[twin.pk] == "Walking group (Good Neighbours, Hill Top, entry 2 of 2)"
    page = client_for(lw).get(f"/referrals/{active.pk}/connections/new", {"q": "walking"}).content.decode()
    shown = re.findall(r'class="nhsuk-label nhsuk-checkboxes__label"[^>]*>\s*(.*?)\s*</label>', page, re.S)
    assert len(shown) == 4 and len(set(shown)) == 4, shown
    form = (
        client_for(lw)
        .get(f"/referrals/{active.pk}/connections/new", {"service": [first.pk, second.pk]})
        .content.decode()
    )
    legends = re.findall(r'<h3 class="nhsuk-fieldset__heading">(.*?)</h3>', form)
    assert legends == ["Walking group (Good Neighbours, Hill Top)", "Walking group (Good Neighbours, Riverside Park)"]


def referral_row(service, i=0):
    return {
        "service": [str(service.pk)],
        f"s{i}_kind": "referral",
        f"s{i}_reason": "Wants company",
        f"s{i}_shared_fields": ["name"],
        f"s{i}_consent": "on",
    }


def test_sending_to_an_organisation_taking_no_one_needs_confirming(world, active, lw, service):
    say_capacity(world.vcse, "closed")
    c = client_for(lw)
    url = f"/referrals/{active.pk}/connections/new"
    form = c.get(url, {"service": service.pk}).content.decode()
    assert "Good Neighbours is not taking anyone at the moment" in form and 'name="s0_send_when_closed"' in form
    refused = c.post(url, referral_row(service))
    assert refused.status_code == 200
    body = refused.content.decode()
    assert 'href="#id_s0_send_when_closed"' in body and "Confirm you still want to send" in body
    assert not Connection.objects.exists()
    sent = c.post(url, {**referral_row(service), "s0_send_when_closed": "on"})
    assert sent.status_code == 302 and Connection.objects.filter(referral=active, service=service).count() == 1


def test_an_organisation_that_opens_again_needs_no_confirmation(world, active, lw, service):
    say_capacity(world.vcse, "accepting")
    form = client_for(lw).get(f"/referrals/{active.pk}/connections/new", {"service": service.pk}).content.decode()
    assert "send_when_closed" not in form and "Accepting people" in form
    assert client_for(lw).post(f"/referrals/{active.pk}/connections/new", referral_row(service)).status_code == 302


@pytest.mark.parametrize("days", [1, 2])
def test_the_api_is_not_asked_to_confirm(api, world, active, lw, service, days):
    """The confirmation is the page's: API clients send as before (their schema is unchanged)."""
    CapacityStatement.objects.create(
        organisation=world.vcse, status="closed", stated_on=timezone.localdate() - timedelta(days=days)
    )
    body = {"connections": [{"service": str(service.pk), "kind": "signposting"}]}
    assert api(lw).post(f"/api/v1/referrals/{active.pk}/connections", body).status_code == 201


def test_a_non_running_service_offers_no_one(world, lw):
    stopped = ServiceFactory(organisation=world.vcse, name="Old group", status="inactive")
    page = client_for(lw).get(f"/directory/services/{stopped.pk}/connect").content.decode()
    assert "nobody can be connected to it now" in page and "Your people" not in page
