"""What an episode is offered: PAM only where its PCN holds a PAM licence (seed 003 Appendix 6; seed 000: national
licences ended in March 2021), a PAM reassessment sooner than six months only once the person has taken up the
support, and the satisfaction survey only once part two of the plan records the person's agreement (seed 003
Appendix 4, item 10). Refused by the service and the API naming the rule, not offered on the page, not due."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.measures.due import measures_due_for
from linkwork.measures.models import MeasureResponse
from linkwork.measures.services import MeasureDetails, record_measure
from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.services import save_care_plan
from linkwork.referrals.tests.factories import ReferralFactory

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")
SATISFIED = {"overall": 5, "listened_to": 4, "would_recommend": True}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def lw(world):
    return world.user("link_worker")


@pytest.fixture
def episode(world):
    person = PersonFactory(gp_practice=world.practice)
    return ReferralFactory(person=person, received_on=date(2026, 10, 1), status="active", accepted_on=date(2026, 10, 5))


def record(referral, user, **kwargs):
    kwargs.setdefault("taken_on", date(2026, 10, 5))
    return record_measure(referral, MeasureDetails(**kwargs), user=user, auditor=Auditor(user))


def refused(referral, user, **kwargs) -> list[tuple[str, str]]:
    before = MeasureResponse.objects.count()
    with pytest.raises(RuleViolation) as exc:
        record(referral, user, **kwargs)
    assert MeasureResponse.objects.count() == before
    return [(e.field, e.rule) for e in exc.value.errors]


def pam_score(**kwargs):
    return {"instrument": "pam", "score": 51.0, "licence_reference": "PAM-7", **kwargs}


# --- PAM and the PCN's licence ---


def test_without_a_licence_pam_is_refused_score_or_not_suitable(episode, lw):
    assert refused(episode, lw, **pam_score()) == [("instrument", "pam_licence")]
    assert refused(episode, lw, instrument="pam", not_suitable_reason="dementia") == [("instrument", "pam_licence")]
    assert not AuditLog.objects.filter(what="measure_response").exists()


def test_another_pcns_licence_is_not_this_one(settings, world, episode, lw):
    settings.LINKWORK_PAM_LICENSED_PCNS = [world.other_pcn.code]
    assert refused(episode, lw, **pam_score()) == [("instrument", "pam_licence")]
    settings.LINKWORK_PAM_LICENSED_PCNS = [world.pcn.code.lower()]  # codes are matched in capitals
    assert record(episode, lw, **pam_score()).results["level"] == 2


def test_a_deployment_wide_licence(settings, episode, lw):
    settings.LINKWORK_PAM_LICENSED_PCNS = ["*"]
    assert record(episode, lw, **pam_score()).instrument == "pam"


@pytest.mark.usefixtures("pam_licence")
def test_a_reassessment_sooner_than_six_months_only_once_the_support_was_taken_up(episode, lw):
    record(episode, lw, **pam_score())
    early = {**pam_score(), "taken_on": date(2027, 2, 5)}  # four months on
    assert refused(episode, lw, **early) == [("support_taken_up", "pam_early_reassessment")]
    assert refused(episode, lw, **early, support_taken_up=False) == [("support_taken_up", "pam_early_reassessment")]
    # Six months after the last, nothing more is asked.
    assert record(episode, lw, **{**pam_score(), "taken_on": date(2027, 4, 5)}).support_taken_up is None
    another = ReferralFactory(
        person=episode.person, received_on=date(2026, 10, 1), status="active", accepted_on=date(2026, 10, 5)
    )
    record(another, lw, **pam_score())
    assert record(another, lw, **early, support_taken_up=True).support_taken_up is True


def test_only_a_reassessment_takes_support_taken_up(episode, lw):
    assert refused(
        episode,
        lw,
        instrument="ons4",
        answers={"life_satisfaction": 5, "worthwhile": 5, "happiness": 5, "anxiety": 5},
        support_taken_up=True,
    ) == [("support_taken_up", "not_applicable")]


def test_what_is_due_has_pam_only_under_the_licence_and_not_once_unsuitable(settings, world, episode, lw):
    today = date(2026, 10, 6)
    due = measures_due_for([episode.pk], today)[episode.pk]
    assert [(m.instrument, m.point) for m in due] == [("ons4", "baseline")]
    settings.LINKWORK_PAM_LICENSED_PCNS = [world.pcn.code]
    due = measures_due_for([episode.pk], today)[episode.pk]
    assert [(m.instrument, m.point) for m in due] == [("ons4", "baseline"), ("pam", "baseline")]
    record(episode, lw, instrument="pam", not_suitable_reason="limited_english")
    due = measures_due_for([episode.pk], date(2027, 4, 1))[episode.pk]
    assert "pam" not in {m.instrument for m in due}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_offer_pam_only_under_the_licence(settings, world, episode, lw):
    client = signed_in(lw)
    chooser = client.get(f"/referrals/{episode.pk}/measures/new").content.decode()
    assert "?instrument=pam" not in chooser and "your PCN holds no PAM licence" in chooser
    direct = client.get(f"/referrals/{episode.pk}/measures/new?instrument=pam").content.decode()
    assert "PAM score" not in direct and "Choose the questionnaire you asked" in direct
    person = client.get(f"/people/{episode.person_id}").content.decode()
    assert "PAM, baseline" not in person
    settings.LINKWORK_PAM_LICENSED_PCNS = [world.pcn.code]
    assert "?instrument=pam" in client.get(f"/referrals/{episode.pk}/measures/new").content.decode()
    form = client.get(f"/referrals/{episode.pk}/measures/new?instrument=pam").content.decode()
    assert "PAM score" in form and "Has the person taken up the support they were connected to?" in form
    assert "PAM, baseline" in client.get(f"/people/{episode.person_id}").content.decode()


# --- The satisfaction survey and part two of the plan ---


def plan_with(episode, user, answer):
    save_care_plan(
        episode,
        {"what_matters": "My garden", "review_on": date(2027, 6, 20), "satisfaction_survey": answer},
        user=user,
        auditor=Auditor(user),
    )


def test_the_satisfaction_survey_waits_for_the_persons_agreement_in_part_two(episode, lw):
    survey = {"instrument": "satisfaction", "answers": SATISFIED, "taken_on": date(2027, 5, 30)}
    assert refused(episode, lw, **survey) == [("instrument", "satisfaction_not_agreed")]  # no plan yet
    plan_with(episode, lw, "not_asked")
    assert refused(episode, lw, **survey) == [("instrument", "satisfaction_not_agreed")]
    plan_with(episode, lw, "no")
    assert refused(episode, lw, **survey) == [("instrument", "satisfaction_not_agreed")]
    plan_with(episode, lw, "yes")
    assert record(episode, lw, **survey).answers == SATISFIED


def test_the_api_names_the_rules(world, episode, lw, api):
    client = api(lw)
    url = f"/api/v1/referrals/{episode.pk}/measures"
    body = {"instrument": "satisfaction", "taken_on": "2027-05-30", "answers": SATISFIED}
    response = client.post(url, body)
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["detail"]] == [("instrument", "satisfaction_not_agreed")]
    pam = client.post(url, {"instrument": "pam", "taken_on": "2026-10-05", "score": 51.0, "licence_reference": "L"})
    assert [(e["field"], e["rule"]) for e in pam.json()["detail"]] == [("instrument", "pam_licence")]
    plan_with(episode, lw, "yes")
    assert client.post(url, body).status_code == 201


def test_the_page_offers_the_satisfaction_survey_only_after_a_yes(episode, lw):
    client = signed_in(lw)
    url = f"/referrals/{episode.pk}/measures/new"
    assert "?instrument=satisfaction" not in client.get(url).content.decode()
    direct = client.get(f"{url}?instrument=satisfaction").content.decode()
    assert "Overall, how satisfied are you" not in direct
    assert "care and support plan records that they are willing" in direct
    plan_with(episode, lw, "yes")
    assert "?instrument=satisfaction" in client.get(url).content.decode()
    assert "Overall, how satisfied are you" in client.get(f"{url}?instrument=satisfaction").content.decode()
