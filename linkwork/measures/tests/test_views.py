"""The record-a-measure page, the measures on the person page, and what is due across a caseload."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from linkwork.core.models import AuditLog
from linkwork.measures.due import measures_due_for, schedules_for
from linkwork.measures.models import MeasureResponse
from linkwork.measures.tests.factories import MeasureResponseFactory, ons4
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.tests.factories import ReferralFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def taken(d: date) -> dict:
    return {"taken_on_day": d.day, "taken_on_month": d.month, "taken_on_year": d.year}


def active_episode(world, accepted_on=date(2026, 10, 5), **kwargs):
    person = PersonFactory(gp_practice=world.practice)
    return ReferralFactory(
        person=person, received_on=date(2026, 10, 1), status="active", accepted_on=accepted_on, **kwargs
    )


@time_machine.travel(NOW)
def test_choose_an_instrument_then_record_ons4_through_the_form(world):
    referral = active_episode(world)
    client = signed_in(world.user("link_worker"))
    chooser = client.get(f"/referrals/{referral.pk}/measures/new").content.decode()
    assert "ONS personal wellbeing (ONS4)" in chooser and "?instrument=swemwbs" in chooser
    url = f"/referrals/{referral.pk}/measures/new?instrument=ons4"
    form = client.get(url).content.decode()
    assert "Overall, how satisfied are you with your life nowadays?" in form
    assert "nhsuk-radios--inline" in form and "0 = not at all, 10 = completely" in form
    data = {**taken(date(2026, 11, 19)), "answer_life_satisfaction": "7", "answer_worthwhile": "8"}
    data.update(answer_happiness="6", answer_anxiety="2")
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith(f"#episode-{referral.pk}")
    stored = MeasureResponse.objects.get()
    assert stored.answers == {"life_satisfaction": 7, "worthwhile": 8, "happiness": 6, "anxiety": 2}


@time_machine.travel(NOW)
def test_the_form_lists_every_unanswered_item_in_the_error_summary(world):
    referral = active_episode(world)
    url = f"/referrals/{referral.pk}/measures/new?instrument=swemwbs"
    html = signed_in(world.user("link_worker")).post(url, {"answer_useful": "4"}).content.decode()
    assert "There is a problem" in html and "Enter the date the measure was taken" in html
    for label in ("Optimistic", "Relaxed", "Dealing with problems", "Thinking clearly", "Making up own mind"):
        assert f"{label}: give an answer" in html
    assert 'href="#id_answer_optimistic"' in html and 'href="#id_taken_on_day"' in html
    assert "Useful: give an answer" not in html
    assert "All of the time" in html  # SWEMWBS radios carry their labels
    assert not MeasureResponse.objects.exists()


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(NOW)
def test_pam_form_takes_a_score_and_licence_or_a_reason(world):
    referral = active_episode(world)
    client = signed_in(world.user("link_worker"))
    url = f"/referrals/{referral.pk}/measures/new?instrument=pam"
    html = client.post(url, {**taken(TODAY), "score": "101"}).content.decode()
    assert "The PAM score must be from 0 to 100" in html and "Enter the licence reference" in html
    response = client.post(url, {**taken(TODAY), "score": "52.4", "licence_reference": "LIC-1"})
    assert response.status_code == 302
    assert MeasureResponse.objects.get().results["level"] == 2


@pytest.mark.parametrize("role", ["gp_supervisor", "practice_staff", "commissioner"])
def test_the_form_is_for_caseload_roles_only(world, role):
    referral = active_episode(world)
    assert signed_in(world.user(role)).get(f"/referrals/{referral.pk}/measures/new").status_code == 403


def test_another_pcns_episode_is_not_found(world):
    referral = active_episode(world)
    assert signed_in(world.other_users["link_worker"]).get(f"/referrals/{referral.pk}/measures/new").status_code == 404


@time_machine.travel(NOW)
def test_person_page_shows_each_item_with_band_change_meaningfulness_and_what_is_due(world):
    lw = world.user("link_worker")
    referral = active_episode(world, accepted_on=date(2026, 5, 10))
    MeasureResponseFactory(referral=referral, taken_on=date(2026, 5, 10), answers=ons4(4, 6, 5, 8))
    MeasureResponseFactory(referral=referral, taken_on=date(2026, 11, 9), answers=ons4(7, 6, 5, 3))
    MeasureResponseFactory(
        referral=referral,
        instrument="swemwbs",
        taken_on=date(2026, 5, 10),
        answers=dict.fromkeys(
            [
                "optimistic",
                "useful",
                "relaxed",
                "dealing_with_problems",
                "thinking_clearly",
                "close_to_others",
                "own_mind",
            ],
            3,
        ),
    )
    MeasureResponseFactory(
        referral=referral,
        instrument="swemwbs",
        taken_on=date(2026, 11, 9),
        answers=dict.fromkeys(
            [
                "optimistic",
                "useful",
                "relaxed",
                "dealing_with_problems",
                "thinking_clearly",
                "close_to_others",
                "own_mind",
            ],
            4,
        )
        | {"own_mind": 1},
    )
    html = signed_in(lw).get(f"/people/{referral.person_id}").content.decode()
    assert "ONS personal wellbeing (ONS4)" in html
    assert "7 (High)" in html and "+3 from baseline, better" in html  # life satisfaction 4 -> 7
    assert "3 (Low)" in html and "-5 from baseline, better" in html  # anxiety 8 -> 3: lower is better
    assert "no change from baseline" in html
    assert "19.25" in html and "22.35" in html and "+3.10 from baseline, better" in html and "meaningful change" in html
    assert "6 months: taken 9 November 2026" in html
    assert "12 months: due 10 May 2027" in html
    assert "Record a measure" in html
    assert AuditLog.objects.filter(what="person", action="view", person_id=referral.person_id).count() == 1


@time_machine.travel(NOW)
def test_person_page_shows_a_due_baseline_with_a_link_to_record_it(world):
    referral = active_episode(world, accepted_on=TODAY - timedelta(days=3))
    html = signed_in(world.user("link_worker")).get(f"/people/{referral.person_id}").content.decode()
    assert "ONS4, baseline: due" in html
    assert f"/referrals/{referral.pk}/measures/new?instrument=ons4" in html
    supervisor = signed_in(world.user("gp_supervisor")).get(f"/people/{referral.person_id}").content.decode()
    assert "ONS4, baseline: due" in supervisor and "/measures/new" not in supervisor


@time_machine.travel(NOW)
def test_person_page_query_count_does_not_grow_with_measures(world):
    lw = world.user("link_worker")
    client = signed_in(lw)
    person = PersonFactory(gp_practice=world.practice)

    def add_episode(n_responses):
        referral = ReferralFactory(
            person=person, received_on=date(2025, 1, 1), status="active", accepted_on=date(2025, 1, 2)
        )
        for i in range(n_responses):
            MeasureResponseFactory(referral=referral, taken_on=date(2025, 1, 2) + timedelta(days=30 * i))
            MeasureResponseFactory(
                referral=referral,
                instrument="pam",
                taken_on=date(2025, 1, 2) + timedelta(days=95 * i),
                answers={"score": 50.0 + i},
                results={"score": 50.0 + i, "level": 2, "level_label": "Level 2"},
            )

    add_episode(1)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/people/{person.pk}")
    for _ in range(3):
        add_episode(6)
    with CaptureQueriesContext(connection) as large:
        html = client.get(f"/people/{person.pk}").content.decode()
    assert html.count("Patient Activation Measure (PAM)") == 4
    assert len(large) == len(small)


@time_machine.travel(NOW)
def test_measures_due_for_many_episodes_in_constant_queries(world):
    due_baseline = active_episode(world, accepted_on=TODAY - timedelta(days=3))
    overdue_baseline = active_episode(world, accepted_on=TODAY - timedelta(days=20))
    done = active_episode(world, accepted_on=TODAY - timedelta(days=20))
    MeasureResponseFactory(referral=done, taken_on=TODAY - timedelta(days=19))
    waiting = ReferralFactory(person=PersonFactory(gp_practice=world.practice))
    six_months = active_episode(world, accepted_on=date(2026, 5, 25))
    MeasureResponseFactory(referral=six_months, taken_on=date(2026, 5, 25))
    ids = [due_baseline.pk, overdue_baseline.pk, done.pk, waiting.pk, six_months.pk]
    with CaptureQueriesContext(connection) as queries:
        due = measures_due_for(ids, TODAY)
    assert len(queries) == 2
    assert {pk: [(m.point, m.instrument, m.status) for m in ms] for pk, ms in due.items()} == {
        due_baseline.pk: [("baseline", "ons4", "due")],
        overdue_baseline.pk: [("baseline", "ons4", "overdue")],
        six_months.pk: [("six_months", "ons4", "due")],
    }
    assert schedules_for([waiting.pk], TODAY) == {waiting.pk: []}
    more = [active_episode(world, accepted_on=TODAY - timedelta(days=d)).pk for d in range(1, 40)]
    with CaptureQueriesContext(connection) as many:
        measures_due_for(ids + more, TODAY)
    assert len(many) == 2
