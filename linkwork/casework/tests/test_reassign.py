"""Reassigning for cover (issue 8): usable at 200+ people (the control sits with each section's selection, paging
keeps the filters), nothing ticked or nobody chosen is an error summary linked to the field, success is a banner."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from nhs_number import calculate_checksum

from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.models import Referral
from linkwork.referrals.tests.factories import ReferralFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def distinct_nhs_numbers(count: int) -> list[str]:
    """Valid, never-issued NHS numbers, all different (the factory's random ones can clash among hundreds)."""
    found, stem = [], 999_000_000
    while len(found) < count:
        check = calculate_checksum(str(stem))
        if check is not None and check < 10:
            found.append(f"{stem}{check}")
        stem += 1
    return found


def episodes(world, count, status="active", assigned=None):
    return [
        ReferralFactory(
            person=PersonFactory(gp_practice=world.practice, nhs_number=number),
            received_on=NOW.date() - timedelta(days=count - i),
            status=status,
            assigned_to=assigned,
        )
        for i, number in enumerate(distinct_nhs_numbers(count))
    ]


@pytest.fixture
def manager(world):
    return signed_in(world.user("pcn_manager"))


@time_machine.travel(NOW)
def test_nothing_ticked_is_an_error_summary_linked_to_the_first_box_of_that_section(world, manager):
    lw, coach = world.user("link_worker"), world.user("health_and_wellbeing_coach")
    active = episodes(world, 2, assigned=lw)
    response = manager.post(
        "/caseload/reassign", {"section": "active", "to": str(coach.pk), "back": "/caseload?who=all"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Caseload" in html
    summary = html[html.index("nhsuk-error-summary") : html.index("<h1")]
    first = html.index('name="referrals"', html.index('id="table-active"'))
    first_id = re.search(r'id="(select-[^"]+)"', html[first - 200 : first + 200]).group(1)
    assert f'href="#{first_id}"' in summary and "Choose at least one" in summary
    assert Referral.objects.filter(assigned_to=coach).count() == 0
    assert {r.pk for r in active} == set(Referral.objects.filter(assigned_to=lw).values_list("pk", flat=True))


@time_machine.travel(NOW)
def test_nobody_to_reassign_to_is_an_error_linked_to_the_choice(world, manager):
    lw = world.user("link_worker")
    (one,) = episodes(world, 1, assigned=lw)
    response = manager.post("/caseload/reassign", {"section": "active", "referrals": [str(one.pk)]})
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("nhsuk-error-summary") : html.index("<h1")]
    assert 'href="#reassign-to-active"' in summary and "Choose who to reassign" in summary
    assert 'id="reassign-to-active"' in html
    # What was ticked stays ticked.
    assert re.search(rf'value="{one.pk}"\s+checked', html)
    one.refresh_from_db()
    assert one.assigned_to == lw


@time_machine.travel(NOW)
def test_250_people_page_per_section_and_reassign_from_the_page_you_are_on(world, manager):
    lw, coach = world.user("link_worker"), world.user("health_and_wellbeing_coach")
    active = episodes(world, 250, assigned=lw)
    html = manager.get("/caseload", {"who": str(lw.pk), "active_page": 3}).content.decode()
    # Page 3 of 5: rows 101-150, with the reassign control right after that section's list.
    assert "101 to 150 of 250" in html
    section = html[html.index('id="table-active"') :]
    control = section.index('id="reassign-to-active"')
    assert control < section.index('<h2 id="closed"') and control < section.index("nhsuk-pagination")
    # Paging keeps the filter.
    assert f"who={lw.pk}" in re.search(r'class="nhsuk-pagination__link[^"]*" href="([^"]+)"', section).group(1)
    ticked = [str(r.pk) for r in active[100:103]]
    back = f"/caseload?who={lw.pk}&active_page=3"
    response = manager.post(
        "/caseload/reassign", {"section": "active", "referrals": ticked, "to": str(coach.pk), "back": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    assert set(Referral.objects.filter(assigned_to=coach).values_list("pk", flat=True)) == {
        r.pk for r in active[100:103]
    }
    after = manager.get(back).content.decode()
    assert "nhsuk-notification-banner--success" in after and "Reassigned 3 referrals." in after


@time_machine.travel(NOW)
def test_back_never_leaves_the_caseload(world, manager):
    lw, coach = world.user("link_worker"), world.user("health_and_wellbeing_coach")
    (one,) = episodes(world, 1, assigned=lw)
    for back in ("https://evil.example/caseload", "//evil.example", "/people/x"):
        response = manager.post(
            "/caseload/reassign", {"section": "active", "referrals": [str(one.pk)], "to": str(coach.pk), "back": back}
        )
        assert response.status_code == 302 and response["Location"] == "/caseload?who=all", back
