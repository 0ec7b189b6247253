"""The link worker's pages: new referral, caseload, person page, contacts, discharge, reassignment."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from linkwork.casework.presenters.caseload import build_caseload
from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.models import Contact, Referral
from linkwork.referrals.services import ContactDetails, record_contact
from linkwork.referrals.tests.factories import ReferralFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=LONDON)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def split_date(name, d):
    return {f"{name}_day": d.day, f"{name}_month": d.month, f"{name}_year": d.year}


def make_episode(world, days_ago, status="waiting", urgency="routine", assigned=None):
    person = PersonFactory(gp_practice=world.practice)
    return ReferralFactory(
        person=person,
        received_on=NOW.date() - timedelta(days=days_ago),
        status=status,
        urgency=urgency,
        assigned_to=assigned,
        closed_on=NOW.date() - timedelta(days=2) if status == "discharged" else None,
    )


@time_machine.travel(NOW)
def test_caseload_orders_waiting_urgent_then_oldest_and_shows_days_waiting(world):
    lw = world.user("link_worker")
    old = make_episode(world, 30, assigned=lw)
    urgent = make_episode(world, 2, urgency="urgent")
    newer = make_episode(world, 5, assigned=lw)
    active = make_episode(world, 60, status="active", assigned=lw)
    closed = make_episode(world, 90, status="discharged", assigned=lw)
    someone_elses = make_episode(world, 40, assigned=world.user("care_coordinator"))
    waiting, active_rows, closed_rows = build_caseload(lw, {}, {})
    assert [row.referral_id for row in waiting.rows] == [urgent.pk, old.pk, newer.pk]
    assert waiting.rows[1].days_waiting == 30
    assert [r.referral_id for r in active_rows.rows] == [active.pk]
    assert [r.referral_id for r in closed_rows.rows] == [closed.pk]
    html = signed_in(lw).get("/caseload").content.decode()
    assert "Urgent" in html and old.person.full_name in html and someone_elses.person.full_name not in html
    assert html.index(urgent.person.full_name) < html.index(old.person.full_name) < html.index(newer.person.full_name)
    everyone = build_caseload(world.user("pcn_manager"), {}, {})[0]
    assert someone_elses.pk in [row.referral_id for row in everyone.rows]


@time_machine.travel(NOW)
def test_caseload_filters(world):
    lw = world.user("link_worker")
    money = make_episode(world, 3, assigned=lw)
    money.reasons.update(reason="money")
    other = make_episode(world, 4, assigned=lw)

    def waiting(**filters):
        return [row.referral_id for row in build_caseload(lw, filters, {})[0].rows]

    assert waiting(reason="money") == [money.pk]
    assert waiting(q=other.person.nhs_number) == [other.pk]
    assert waiting(q=money.person.family_name) == [money.pk]
    assert waiting(who="unassigned") == []
    html = signed_in(lw).get("/caseload", {"reason": "money"}).content.decode()
    assert money.person.full_name in html and other.person.full_name not in html


@time_machine.travel(NOW)
def test_caseload_query_count_does_not_grow_with_the_caseload(world):
    lw = world.user("link_worker")
    client = signed_in(lw)
    for days in range(3):
        make_episode(world, days + 1, assigned=lw)
        make_episode(world, days + 40, status="active", assigned=lw)
        make_episode(world, days + 80, status="discharged", assigned=lw)
    with CaptureQueriesContext(connection) as small:
        client.get("/caseload")
    for days in range(30):
        make_episode(world, days + 1, assigned=lw)
        make_episode(world, days + 40, status="active", assigned=lw)
        make_episode(world, days + 80, status="discharged", assigned=lw)
    with CaptureQueriesContext(connection) as large:
        client.get("/caseload")
    assert len(large) == len(small)


def contact_form(outcome="accepted", **overrides):
    data = {
        **split_date("occurred_on", NOW.date()),
        "occurred_time": "10:15",
        "mode": "face_to_face",
        "duration_minutes": "45",
        "reached": "yes",
        "outcome": outcome,
        "purpose": "social_prescribing",
        "note": "",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW)
def test_recording_an_accepting_contact_via_the_form_raises_the_code(world):
    lw = world.user("link_worker")
    referral = make_episode(world, 3)
    client = signed_in(lw)
    assert client.get(f"/referrals/{referral.pk}/contacts/new").status_code == 200
    response = client.post(f"/referrals/{referral.pk}/contacts/new", contact_form(), follow=True)
    html = response.content.decode()
    assert "Code 871731000000106 is on the practice&#39;s coding worklist, due by 27 November 2026" in html
    referral.refresh_from_db()
    assert referral.status == "active" and referral.assigned_to == lw
    contact = Contact.objects.get()
    assert contact.occurred_at == datetime(2026, 11, 20, 10, 15, tzinfo=LONDON)


@time_machine.travel(NOW)
def test_contact_form_shows_the_rule_when_refused(world):
    referral = make_episode(world, 3)
    client = signed_in(world.user("link_worker"))
    response = client.post(f"/referrals/{referral.pk}/contacts/new", contact_form("follow_up"))
    assert "A follow-up needs an episode the person has accepted" in response.content.decode()
    assert not Contact.objects.exists()


@time_machine.travel(NOW)
def test_discharge_form(world):
    lw = world.user("link_worker")
    referral = make_episode(world, 3)
    record_contact(
        referral,
        ContactDetails(
            occurred_at=NOW - timedelta(days=1), mode="phone", duration_minutes=10, reached=True, outcome="accepted"
        ),
        user=lw,
        auditor=Auditor(lw),
    )
    client = signed_in(lw)
    response = client.post(
        f"/referrals/{referral.pk}/discharge",
        {**split_date("discharged_on", NOW.date()), "reason": "connected", "note": ""},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "discharged" and referral.discharge_reason == "connected"


@time_machine.travel(NOW)
def test_person_page_shows_episodes_contacts_and_codes_and_is_audited(world):
    lw = world.user("link_worker")
    referral = make_episode(world, 3)
    record_contact(
        referral,
        ContactDetails(
            occurred_at=NOW - timedelta(days=1),
            mode="home_visit",
            duration_minutes=50,
            reached=True,
            outcome="accepted",
        ),
        user=lw,
        auditor=Auditor(lw),
    )
    response = signed_in(lw).get(f"/people/{referral.person_id}")
    html = response.content.decode()
    assert "Home visit" in html and "871731000000106" in html and "to be entered by 26 November 2026" in html
    # Issue 8: "1 contacts".
    assert re.search(r"50 minutes over 1 contact\s*<", html) and "1 contacts" not in html
    assert AuditLog.objects.filter(what="person", action="view", person_id=referral.person_id, actor=lw).count() == 1


@time_machine.travel(NOW)
def test_person_page_query_count_does_not_grow_with_history(world):
    lw = world.user("link_worker")
    client = signed_in(lw)
    person = PersonFactory(gp_practice=world.practice)

    def add_episode(n_contacts):
        referral = ReferralFactory(person=person, received_on=NOW.date() - timedelta(days=60))
        for i in range(n_contacts):
            record_contact(
                referral,
                ContactDetails(
                    occurred_at=NOW - timedelta(days=50 - i),
                    mode="phone",
                    duration_minutes=20,
                    reached=True,
                    outcome="accepted" if i == 0 else "follow_up",
                ),
                user=lw,
                auditor=Auditor(lw),
            )
        referral.status = "discharged"
        referral.save()

    add_episode(1)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/people/{person.pk}")
    for _ in range(3):
        add_episode(7)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/people/{person.pk}")
    assert len(large) == len(small)


@time_machine.travel(NOW)
def test_pcn_manager_reassigns_for_cover(world):
    lw = world.user("link_worker")
    coach = world.user("health_and_wellbeing_coach")
    mine = [make_episode(world, d, assigned=lw) for d in (1, 2)]
    client = signed_in(world.user("pcn_manager"))
    response = client.post("/caseload/reassign", {"referrals": [str(mine[0].pk)], "to": str(coach.pk)}, follow=True)
    assert "Reassigned 1 referral." in response.content.decode()
    mine[0].refresh_from_db()
    assert mine[0].assigned_to == coach
    response = client.post("/caseload/reassign", {"from_practitioner": str(lw.pk), "to": str(coach.pk)}, follow=True)
    assert "Reassigned 1 referral." in response.content.decode()
    assert Referral.objects.filter(assigned_to=coach).count() == 2
    forbidden = signed_in(lw).post("/caseload/reassign", {"from_practitioner": str(coach.pk), "to": str(lw.pk)})
    assert forbidden.status_code == 403
    assert Referral.objects.filter(assigned_to=coach).count() == 2
    assert AuditLog.objects.filter(action="denied", actor=lw).exists()


@pytest.mark.parametrize("role", ["vcse_partner", "commissioner"])
def test_denied_pages_are_audited(world, role):
    user = world.user(role)
    assert signed_in(user).get("/caseload").status_code == 403
    assert AuditLog.objects.filter(action="denied", actor=user, what="page", detail__path="/caseload").exists()


@time_machine.travel(NOW)
def test_an_empty_contact_form_lists_every_missing_answer_at_once(world):
    referral = make_episode(world, 3)
    html = signed_in(world.user("link_worker")).post(f"/referrals/{referral.pk}/contacts/new", {}).content.decode()
    for message in (
        "Enter when the contact happened",
        "Choose how the contact happened",
        "Enter how long the contact took, in minutes",
        "Choose the outcome of the conversation",
    ):
        assert message in html
    assert not Contact.objects.exists()


@time_machine.travel(NOW)
def test_active_caseload_shows_plan_reviews_and_measures_due(world):
    from linkwork.plans.tests.factories import make_plan

    lw = world.user("link_worker")
    referral = make_episode(world, 40, assigned=lw)
    record_contact(
        referral,
        ContactDetails(
            occurred_at=NOW - timedelta(days=30), mode="phone", duration_minutes=20, reached=True, outcome="accepted"
        ),
        user=lw,
        auditor=Auditor(lw),
    )
    make_plan(referral, lw, review_on=NOW.date() + timedelta(days=3))
    [row] = build_caseload(lw, {}, {})[1].rows
    assert row.due == [("Review due, 23 Nov", False), ("ONS4 baseline overdue", True)]
    html = signed_in(lw).get("/caseload").content.decode()
    assert "Review due, 23 Nov" in html and "ONS4 baseline overdue" in html
