"""The six-question confidence survey: answered on the web by the organisation's own VCSE partner, or taken by phone
by a link worker or PCN manager; counts from 0, the agreement scale from the data file, "what would help" asked for
when they disagree."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.community.models import ConfidenceSurvey
from linkwork.community.quality import sheets
from linkwork.community.quality.survey_services import record_confidence_survey, survey_nudges
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = date(2026, 11, 20)
pytestmark = pytest.mark.usefixtures("frozen_now")

ANSWERS = {
    "people_connected": 14,
    "coped_well": "agree",
    "what_would_help": "",
    "volunteers": 6,
    "gaps": "Nothing for young carers",
    "support_needed": "Help to apply for a small grant",
}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def partner(world):
    return world.user("vcse_partner")


def rules_of(exc) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in exc.value.errors}


def answer(organisation, user, via="web", **overrides):
    return record_confidence_survey(organisation, {**ANSWERS, **overrides}, via=via, user=user, auditor=Auditor(user))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_data_file_has_the_six_questions_in_order():
    survey = sheets.confidence_survey()
    assert survey["every_months"] == 6
    assert list(survey["questions"]) == [
        "people_connected",
        "coped_well",
        "what_would_help",
        "volunteers",
        "gaps",
        "support_needed",
    ]
    assert list(sheets.coped_well_options()) == ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"]


def test_a_partner_answers_for_their_own_organisation_on_the_web(world, partner):
    survey = answer(world.vcse, partner)
    assert (survey.organisation, survey.via, survey.answered_on) == (world.vcse, "web", TODAY)
    assert (survey.people_connected, survey.coped_well, survey.volunteers) == (14, "agree", 6)
    assert survey.created_by == partner
    row = AuditLog.objects.get()
    assert (row.action, row.what, row.person_id, row.detail["via"]) == ("create", "confidence_survey", None, "web")


def test_a_partner_cannot_answer_for_another_organisation(world, partner):
    other = OrganisationFactory(kind="vcse", name="Another charity")
    with pytest.raises(RuleViolation) as exc:
        answer(other, partner)
    assert rules_of(exc) == {("organisation", "own_organisation")}
    assert not ConfidenceSurvey.objects.exists() and not AuditLog.objects.exists()


@pytest.mark.parametrize("role", ["link_worker", "pcn_manager"])
def test_pcn_staff_cannot_answer_on_the_web_but_may_enter_answers_taken_by_phone(world, role):
    user = world.user(role)
    with pytest.raises(RuleViolation) as exc:
        answer(world.vcse, user)
    assert rules_of(exc) == {("user", "role")}
    survey = record_confidence_survey(
        world.vcse, ANSWERS, via="phone", answered_on=date(2026, 11, 18), user=user, auditor=Auditor(user)
    )
    assert (survey.via, survey.answered_on, survey.created_by) == ("phone", date(2026, 11, 18), user)


@pytest.mark.parametrize("role", ["gp_supervisor", "vcse_partner", "practice_staff", "commissioner"])
def test_others_cannot_enter_answers_taken_by_phone(world, role):
    with pytest.raises(RuleViolation) as exc:
        answer(world.vcse, world.user(role), via="phone")
    assert rules_of(exc) == {("user", "role")}
    assert not ConfidenceSurvey.objects.exists()


def test_survey_answers_with_problems_store_nothing(world, partner):
    with pytest.raises(RuleViolation) as exc:
        answer(world.vcse, partner, people_connected=-1, volunteers="lots", coped_well="fine", gaps="x" * 5001, mood=3)
    assert rules_of(exc) == {
        ("people_connected", "range"),
        ("volunteers", "number"),
        ("coped_well", "choice"),
        ("gaps", "max_length"),
        ("mood", "unknown"),
    }
    with pytest.raises(RuleViolation) as exc:
        answer(world.vcse, partner, coped_well="")
    assert rules_of(exc) == {("coped_well", "required")}
    with pytest.raises(RuleViolation) as exc:
        record_confidence_survey(
            world.vcse,
            ANSWERS,
            via="phone",
            answered_on=TODAY + timedelta(days=1),
            user=world.user("link_worker"),
            auditor=Auditor(world.user("link_worker")),
        )
    assert rules_of(exc) == {("answered_on", "not_in_future")}
    assert not ConfidenceSurvey.objects.exists() and not AuditLog.objects.exists()


def test_zero_and_blank_counts_are_kept(world, partner):
    survey = answer(world.vcse, partner, people_connected=0, volunteers=None)
    assert (survey.people_connected, survey.volunteers) == (0, None)


def test_what_would_help_is_asked_for_when_they_disagree():
    assert survey_nudges({**ANSWERS, "coped_well": "disagree"})
    assert survey_nudges({**ANSWERS, "coped_well": "strongly_disagree", "what_would_help": "  "})
    assert not survey_nudges({**ANSWERS, "coped_well": "disagree", "what_would_help": "A second volunteer"})
    assert not survey_nudges({**ANSWERS, "coped_well": "neither"})


# --- The partner's page ---


def form_data(**overrides):
    data = {**ANSWERS, **overrides}
    return {key: "" if value is None else value for key, value in data.items()}


def test_the_partner_page_shows_when_the_survey_is_next_due(world, partner):
    client = signed_in(partner)
    page = client.get("/partner/survey").content.decode()
    assert "It is due now" in page
    assert "1. How many people have been connected" in page and "Strongly disagree" in page
    ConfidenceSurvey.objects.create(
        organisation=world.vcse, answered_on=date(2026, 9, 30), via="web", coped_well="agree"
    )
    page = client.get("/partner/survey").content.decode()
    assert "You last answered on 30 September 2026" in page and "next due on 30 March 2027" in page
    ConfidenceSurvey.objects.create(
        organisation=world.vcse, answered_on=date(2026, 5, 1), via="web", coped_well="agree"
    )
    assert "You last answered on 30 September 2026" in client.get("/partner/survey").content.decode()  # the latest


def test_the_partner_answers_on_the_web(world, partner):
    client = signed_in(partner)
    response = client.post("/partner/survey", form_data())
    assert response.status_code == 302 and response["Location"] == "/partner/survey"
    survey = ConfidenceSurvey.objects.get()
    assert (survey.organisation, survey.via, survey.people_connected, survey.gaps) == (
        world.vcse,
        "web",
        14,
        "Nothing for young carers",
    )
    assert "next due on 20 May 2027" in client.get("/partner/survey").content.decode()


def test_the_page_asks_once_what_would_help_then_sends_as_it_is(world, partner):
    client = signed_in(partner)
    first = client.post("/partner/survey", form_data(coped_well="disagree"))
    assert first.status_code == 200 and "What would help?" in first.content.decode()
    assert 'name="nudged" value="True"' in first.content.decode()
    assert not ConfidenceSurvey.objects.exists()
    second = client.post("/partner/survey", form_data(coped_well="disagree", nudged="True"))
    assert second.status_code == 302
    assert ConfidenceSurvey.objects.get().coped_well == "disagree"


def test_the_page_shows_every_problem(world, partner):
    client = signed_in(partner)
    response = client.post("/partner/survey", form_data(people_connected="-3", coped_well=""))
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "The number cannot be below 0" in body and "Say how far you agree" in body
    body = client.post("/partner/survey", form_data(volunteers="many")).content.decode()
    assert "Enter a whole number, for example 5" in body
    assert not ConfidenceSurvey.objects.exists()


def test_a_phone_survey_through_the_organisation_page(world):
    client = signed_in(world.user("link_worker"))
    data = {**form_data(), "answered_on_day": 18, "answered_on_month": 11, "answered_on_year": 2026}
    response = client.post(f"/quality/organisations/{world.vcse.pk}/surveys/new", data)
    assert response.status_code == 302 and response["Location"] == f"/quality/organisations/{world.vcse.pk}"
    survey = ConfidenceSurvey.objects.get()
    assert (survey.via, survey.answered_on) == ("phone", date(2026, 11, 18))
    page = client.get(response["Location"]).content.decode()
    assert "18 November 2026 (by phone)" in page and "Nothing for young carers" in page
