from datetime import date, timedelta

import pytest
import time_machine

from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.measures.models import MeasureResponse
from linkwork.measures.services import MeasureDetails, record_measure
from linkwork.measures.tests.factories import ons4

TODAY = date(2026, 11, 20)


def record(referral, user, instrument="ons4", taken_on=date(2026, 11, 2), **kwargs):
    kwargs.setdefault("answers", ons4() if instrument == "ons4" else None)
    details = MeasureDetails(instrument=instrument, taken_on=taken_on, **kwargs)
    return record_measure(referral, details, user=user, auditor=Auditor(user))


def refused(referral, user, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(RuleViolation) as exc:
        record(referral, user, **kwargs)
    assert MeasureResponse.objects.count() == 0
    return [(e.field, e.rule) for e in exc.value.errors]


@pytest.fixture
def lw(world):
    return world.user("link_worker")


@time_machine.travel(TODAY)
def test_recording_ons4_stores_answers_bands_and_an_audit_row(referral, lw):
    response = record(referral, lw, answers=[7, 8, 3, 6])
    assert response.person_id == referral.person_id and response.created_by == lw
    assert (response.instrument, response.instrument_version) == ("ons4", 1)
    assert response.answers == {"life_satisfaction": 7, "worthwhile": 8, "happiness": 3, "anxiety": 6}
    assert response.results["items"]["anxiety"] == {"value": 6, "band": "high", "band_label": "High"}
    row = AuditLog.objects.get(action="create", what="measure_response")
    assert row.person_id == referral.person_id and row.object_id == str(response.pk)
    assert row.detail["instrument"] == "ons4"


@time_machine.travel(TODAY)
def test_bad_answers_name_every_item_and_rule_and_store_nothing(referral, lw):
    problems = refused(
        referral, lw, answers={"life_satisfaction": 11, "worthwhile": 5, "happiness": None, "anxiety": -2}
    )
    assert problems == [
        ("answers.life_satisfaction", "range"),
        ("answers.happiness", "required"),
        ("answers.anxiety", "range"),
    ]
    assert not AuditLog.objects.filter(what="measure_response").exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("taken_on", "rule"),
    [(None, "required"), (TODAY + timedelta(days=1), "not_in_future"), (date(2026, 9, 30), "after_referral")],
)
def test_the_date_taken_must_be_within_the_episode_so_far(referral, lw, taken_on, rule):
    assert refused(referral, lw, taken_on=taken_on) == [("taken_on", rule)]


@time_machine.travel(TODAY)
def test_unknown_instrument_is_refused_with_the_choices(referral, lw):
    with pytest.raises(RuleViolation) as exc:
        record(referral, lw, instrument="gad7", answers=[1])
    error = exc.value.errors[0]
    assert (error.field, error.rule) == ("instrument", "choice") and "ons4, swemwbs, pam" in error.message


@time_machine.travel(TODAY)
@pytest.mark.parametrize("role", ["gp_supervisor", "pcn_manager", "practice_staff"])
def test_only_caseload_roles_record_measures(world, referral, role):
    assert refused(referral, world.user(role)) == [("practitioner", "role")]


@time_machine.travel(TODAY)
def test_no_measures_in_a_declined_episode(referral, lw):
    referral.status = "declined"
    referral.save()
    assert refused(referral, lw) == [("referral", "episode_declined")]


@time_machine.travel(TODAY)
def test_swemwbs_scores_raw_and_metric_and_needs_every_item(referral, lw):
    response = record(referral, lw, instrument="swemwbs", answers=[3, 4, 3, 3, 4, 2, 4])
    assert response.results == {"raw": 23, "metric": 20.73}
    MeasureResponse.objects.all().delete()
    assert refused(referral, lw, instrument="swemwbs", answers=[3, 4, 3, 3, 4, 2, None]) == [
        ("answers.own_mind", "required")
    ]


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(TODAY)
def test_pam_records_score_level_and_licence_or_the_reason_it_was_not_suitable(referral, lw):
    scored = record(referral, lw, instrument="pam", score=55.2, licence_reference="PCN-U11111-2026")
    assert scored.results == {"score": 55.2, "level": 3, "level_label": "Level 3"}
    assert scored.answers == {"score": 55.2} and scored.licence_reference == "PCN-U11111-2026"
    unsuitable = record(referral, lw, instrument="pam", taken_on=date(2026, 11, 3), not_suitable_reason="dementia")
    assert unsuitable.results["not_suitable"] == "dementia" and unsuitable.not_suitable_reason == "dementia"
    assert unsuitable.answers == {}


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(TODAY)
def test_pam_score_may_come_inside_answers(referral, lw):
    response = record(referral, lw, instrument="pam", answers={"score": 40}, licence_reference="L")
    assert response.results["level"] == 1


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(TODAY)
def test_pam_refusals(referral, lw):
    assert refused(referral, lw, instrument="pam", score=55.2) == [("licence_reference", "required")]
    assert refused(referral, lw, instrument="pam", score=101, licence_reference="L") == [("score", "range")]
    assert refused(referral, lw, instrument="pam", answers=[50], licence_reference="L") == [
        ("answers", "type"),
        ("score", "required"),
    ]
    assert refused(referral, lw, instrument="ons4", score=50.0) == [("score", "not_applicable")]


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(date(2027, 6, 1))
def test_a_pam_reassessment_sooner_than_three_months_is_refused(referral, lw):
    record(referral, lw, instrument="pam", taken_on=date(2026, 10, 31), score=44.0, licence_reference="L")
    with pytest.raises(RuleViolation) as exc:
        record(referral, lw, instrument="pam", taken_on=date(2027, 1, 30), score=50.0, licence_reference="L")
    error = exc.value.errors[0]
    assert (error.field, error.rule) == ("taken_on", "pam_min_interval")
    assert "cannot be sooner than 3 months" in error.message and "31 January 2027" in error.message
    # Three months to the day (31 October + 3 months = 31 January) is allowed, once the person took up the support.
    record(
        referral,
        lw,
        instrument="pam",
        taken_on=date(2027, 1, 31),
        score=50.0,
        licence_reference="L",
        support_taken_up=True,
    )
    # A "not suitable" record is not an assessment, so it neither blocks nor is blocked.
    record(referral, lw, instrument="pam", taken_on=date(2027, 2, 1), not_suitable_reason="limited_english")
    assert MeasureResponse.objects.filter(instrument="pam").count() == 3


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(date(2027, 6, 1))
def test_the_pam_interval_is_per_episode(world, person, referral, lw):
    from linkwork.referrals.tests.factories import ReferralFactory

    record(referral, lw, instrument="pam", taken_on=date(2026, 11, 1), score=44.0, licence_reference="L")
    another = ReferralFactory(person=person, received_on=date(2026, 11, 10))
    record(another, lw, instrument="pam", taken_on=date(2026, 12, 1), score=44.0, licence_reference="L")


@time_machine.travel(date(2027, 6, 1))
def test_service_use_after_the_referral_waits_for_its_window_to_end(referral, lw):
    counts = {"gp_consultations": 5, "ae_attendances": 1, "hospital_bed_days": 2}
    before = record(referral, lw, instrument="service_use", answers={"period": "before", **counts})
    assert (before.results["window_from"], before.results["window_to"]) == ("2026-04-01", "2026-10-01")
    with pytest.raises(RuleViolation) as exc:
        record(
            referral, lw, instrument="service_use", taken_on=date(2027, 3, 31), answers={"period": "after", **counts}
        )
    assert [(e.field, e.rule) for e in exc.value.errors] == [("taken_on", "window_not_ended")]
    after = record(
        referral, lw, instrument="service_use", taken_on=date(2027, 4, 1), answers={"period": "after", **counts}
    )
    assert after.results["window_to"] == "2027-04-01"


@time_machine.travel(TODAY)
def test_licence_reference_only_where_the_definition_takes_one(referral, lw):
    assert refused(referral, lw, licence_reference="X") == [("licence_reference", "not_applicable")]
    star = record(referral, lw, instrument="wellbeing_star", answers=[5] * 8, licence_reference="STAR-9")
    assert star.licence_reference == "STAR-9"
