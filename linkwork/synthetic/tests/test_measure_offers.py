"""Synthetic measures are offered as the service offers them: PAM only in episodes of PCNs that hold a PAM licence,
an early PAM reassessment only with the support taken up, the satisfaction survey only after the person said yes to
it in part two of their plan (seed 003 Appendices 4 and 6)."""

from datetime import date
from itertools import pairwise

import pytest
from django.utils import timezone

from linkwork.core.dates import add_months
from linkwork.measures.models import MeasureResponse
from linkwork.organisations.models import Organisation
from linkwork.plans.models import CarePlanVersion
from linkwork.synthetic.generator import generate

TODAY = date(2026, 3, 31)


FIRST_PCN = "SN00001"  # the code world.national gives the first PCN of an empty database


@pytest.fixture
def dataset(db, settings):
    """Two PCNs (1,700 people at 800 a PCN); only the first holds a PAM licence."""
    settings.LINKWORK_PAM_LICENSED_PCNS = [FIRST_PCN]
    summary = generate(people=1700, seed=8, today=TODAY, progress=False)
    assert Organisation.objects.filter(kind="pcn").count() == 2
    return summary


def test_pam_only_where_the_pcn_holds_a_licence(dataset):
    pam = list(MeasureResponse.objects.filter(instrument="pam").select_related("referral__pcn"))
    assert pam and {r.referral.pcn.code for r in pam} == {FIRST_PCN}
    assert MeasureResponse.objects.filter(instrument="ons4").exclude(referral__pcn__code=FIRST_PCN).exists()


def test_early_reassessments_carry_the_support_taken_up(dataset):
    by_episode: dict = {}
    for r in MeasureResponse.objects.filter(instrument="pam", not_suitable_reason="").order_by("taken_on"):
        by_episode.setdefault(r.referral_id, []).append(r)
    follow_ups = [(a, b) for scores in by_episode.values() for a, b in pairwise(scores)]
    assert any(b.support_taken_up for _, b in follow_ups)
    for last, later in follow_ups:
        assert later.taken_on >= add_months(last.taken_on, 3)
        assert later.support_taken_up is (True if later.taken_on < add_months(last.taken_on, 6) else None)


def test_the_satisfaction_survey_follows_a_yes_in_part_two(dataset):
    surveys = list(MeasureResponse.objects.filter(instrument="satisfaction").select_related("referral__care_plan"))
    assert surveys
    said_yes_on = {}
    for version in CarePlanVersion.objects.order_by("number"):
        if version.snapshot["sections"]["satisfaction_survey"] == "yes":
            said_yes_on.setdefault(version.care_plan_id, timezone.localdate(version.created_at))
    for survey in surveys:
        plan = survey.referral.care_plan
        assert plan.satisfaction_survey == "yes"
        assert survey.taken_on >= said_yes_on[plan.pk]
