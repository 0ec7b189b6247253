"""Synthetic care plans and measures are what the services would have stored, replayed through them change by
change, and they look like a real scheme's: measures on the schedule, most people a little better, some not,
live plans with reviews and measures due."""

import json
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from statistics import mean

import pytest
from django.utils import timezone

from linkwork.core.auditor import Auditor
from linkwork.measures.due import measures_due_for, schedules_for
from linkwork.measures.models import MeasureResponse
from linkwork.measures.policy import schedule as measure_schedule
from linkwork.measures.services import MeasureDetails, record_measure
from linkwork.plans import services as plan_services
from linkwork.plans.models import CarePlan, CarePlanVersion, Goal, GoalProgressChange
from linkwork.plans.reviews import plan_reviews_due_for
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import Referral
from linkwork.synthetic.generator import generate

TODAY = date(2026, 3, 31)
PLANS_REPLAYED = 60


@pytest.fixture
def dataset(db, settings):
    settings.LINKWORK_PAM_LICENSED_PCNS = ["*"]  # every PCN holds a PAM licence, so some people have PAM
    return generate(people=600, seed=5, today=TODAY, progress=False)


def _details(response: MeasureResponse) -> MeasureDetails:
    if response.instrument == "pam":
        return MeasureDetails(
            instrument="pam",
            taken_on=response.taken_on,
            score=response.answers.get("score"),
            licence_reference=response.licence_reference,
            not_suitable_reason=response.not_suitable_reason,
            support_taken_up=response.support_taken_up,
        )
    return MeasureDetails(
        instrument=response.instrument,
        taken_on=response.taken_on,
        answers=response.answers,
        licence_reference=response.licence_reference,
    )


def test_every_measure_replays_through_the_service_to_the_same_results(dataset):
    responses = list(
        MeasureResponse.objects.select_related("referral", "created_by").order_by("taken_on", "created_at", "id")
    )
    assert {r.instrument for r in responses} >= {"ons4", "swemwbs", "pam", "satisfaction", "service_use"}
    stored = [(r.referral_id, r.instrument, r.instrument_version, r.taken_on, r.answers, r.results) for r in responses]
    MeasureResponse.objects.all().delete()
    replayed = []
    for r in responses:
        made = record_measure(r.referral, _details(r), user=r.created_by, auditor=Auditor(r.created_by))
        replayed.append((made.referral_id, made.instrument, made.instrument_version, made.taken_on, made.answers))
        replayed[-1] += (made.results,)
    assert replayed == stored


def test_measures_start_at_acceptance_and_follow_the_schedule(dataset):
    by_referral = defaultdict(list)
    for r in MeasureResponse.objects.order_by("taken_on", "created_at"):
        by_referral[r.referral_id].append(r)
    referrals = Referral.objects.in_bulk(list(by_referral))
    baseline = measure_schedule.schedule().points[0]
    for referral_id, responses in by_referral.items():
        referral = referrals[referral_id]
        assert referral.accepted_on is not None
        assert all(referral.accepted_on <= r.taken_on < TODAY for r in responses)
        assert all(r.person_id == referral.person_id for r in responses)
        ons4 = [r for r in responses if r.instrument == "ons4"]
        if ons4:  # the first is the baseline, in its window; follow-ups only after a baseline
            closes = measure_schedule.add_months(referral.accepted_on, baseline.offset_months) + timedelta(
                days=baseline.closes_days_after_due
            )
            assert ons4[0].taken_on < closes
        assert all(r.instrument not in ("swemwbs", "pam") or r.taken_on >= ons4[0].taken_on for r in responses)
    statuses = defaultdict(int)
    for measures in schedules_for(list(by_referral), TODAY).values():
        for m in measures:
            statuses[m.status] += 1
    # Most of what the schedule asks for is done; some is missed, due or overdue, as in a real scheme.
    assert statuses[measure_schedule.DONE] > 3 * statuses[measure_schedule.MISSED] > 0
    assert statuses[measure_schedule.DUE] + statuses[measure_schedule.OVERDUE] > 0


def _ons4_changes(item: str) -> list[int]:
    firsts, six_months = {}, {}
    for r in MeasureResponse.objects.filter(instrument="ons4").order_by("taken_on", "created_at"):
        if r.referral_id not in firsts:
            firsts[r.referral_id] = r
        elif r.referral_id not in six_months:
            six_months[r.referral_id] = r
    return [later.answers[item] - firsts[pk].answers[item] for pk, later in six_months.items()]


def test_most_people_improve_a_little_and_some_do_not(dataset):
    changes = _ons4_changes("life_satisfaction")
    assert len(changes) > 60
    assert 0.4 < mean(changes) < 2.0
    not_better = sum(c <= 0 for c in changes) / len(changes)
    assert 0.15 < not_better < 0.45
    anxiety = _ons4_changes("anxiety")
    assert mean(anxiety) < 0
    metric = defaultdict(list)
    for r in MeasureResponse.objects.filter(instrument="swemwbs").order_by("taken_on", "created_at"):
        metric[r.referral_id].append(r.results["metric"])
    moved = [scores[1] - scores[0] for scores in metric.values() if len(scores) > 1]
    meaningful = sum(m >= 3 for m in moved) / len(moved)
    assert 0.2 < meaningful < 0.8


def _versions_by_plan():
    versions = defaultdict(list)
    for v in CarePlanVersion.objects.select_related("created_by").order_by("number"):
        versions[v.care_plan_id].append(v)
    return versions


def test_plan_versions_number_every_change_and_end_at_the_plan_as_it_stands(dataset):
    versions = _versions_by_plan()
    plans = list(CarePlan.objects.select_related("referral"))
    assert len(plans) > 100
    for plan in plans:
        mine = versions[plan.pk]
        assert [v.number for v in mine] == list(range(1, plan.version + 1))
        assert mine[0].change == "created" and all(v.change != "created" for v in mine[1:])
        assert [v.created_at for v in mine] == sorted(v.created_at for v in mine)
        assert mine[-1].snapshot == json.loads(json.dumps(plan_services.snapshot(plan)))
        assert plan.referral.accepted_on is not None
        assert timezone.localdate(plan.created_at) >= plan.referral.accepted_on
    for goal in Goal.objects.all():
        changes = list(GoalProgressChange.objects.filter(goal=goal).order_by("created_at"))
        assert changes[0].from_progress == ""
        assert all(a.to_progress == b.from_progress != b.to_progress for a, b in pairwise(changes))
        assert (goal.progress, goal.progress_on) == (changes[-1].to_progress, changes[-1].progress_on)


def _replay_plan(plan: CarePlan, versions: list[CarePlanVersion]) -> list[dict]:
    """Delete the plan, then make it again through plans.services change by change as each version records it,
    with the episode open for the changes made while it was; return the new snapshots, goal ids as numbers."""
    referral = plan.referral
    status, closed_on = referral.status, referral.closed_on
    plan.delete()
    made: CarePlan | None = None
    goals: list[Goal] = []
    previous: dict | None = None
    for version in versions:
        user, auditor = version.created_by, Auditor(version.created_by)
        when = timezone.localdate(version.created_at)
        still_open = closed_on is None or when < closed_on
        Referral.objects.filter(pk=referral.pk).update(
            status=episode_policy.ACTIVE if still_open else status, closed_on=None if still_open else closed_on
        )
        sections = version.snapshot["sections"]
        if version.change in ("created", "sections"):
            changed = {k: v for k, v in sections.items() if previous is None or previous["sections"][k] != v}
            if changed.get("review_on"):
                changed["review_on"] = date.fromisoformat(changed["review_on"])
            made = plan_services.save_care_plan(referral, changed, user=user, auditor=auditor).plan
        elif version.change == "goal_added":
            new = version.snapshot["goals"][-1]
            goals.append(
                plan_services.add_goal(
                    made,
                    description=new["description"],
                    progress=new["progress"],
                    progress_on=date.fromisoformat(new["progress_on"]),
                    user=user,
                    auditor=auditor,
                )
            )
        else:
            moved = [i for i, g in enumerate(version.snapshot["goals"]) if g != previous["goals"][i]]
            assert len(moved) == 1, version.snapshot
            after = version.snapshot["goals"][moved[0]]
            goals[moved[0]] = plan_services.change_goal_progress(
                goals[moved[0]],
                progress=after["progress"],
                progress_on=date.fromisoformat(after["progress_on"]),
                user=user,
                auditor=auditor,
            )
        previous = version.snapshot
    Referral.objects.filter(pk=referral.pk).update(status=status, closed_on=closed_on)
    return [_numbered(v.snapshot) for v in CarePlanVersion.objects.filter(care_plan=made).order_by("number")]


def _numbered(snapshot: dict) -> dict:
    goals = [{**g, "id": i} for i, g in enumerate(snapshot["goals"])]
    return {"sections": snapshot["sections"], "goals": goals}


def test_plans_replay_through_the_services_change_by_change(dataset):
    versions = _versions_by_plan()
    plans = list(CarePlan.objects.select_related("referral").order_by("id")[:PLANS_REPLAYED])
    kinds = {v.change for plan in plans for v in versions[plan.pk]}
    assert kinds == {"created", "sections", "goal_added", "goal_progress"}
    for plan in plans:
        stored = [_numbered(v.snapshot) for v in versions[plan.pk]]
        assert _replay_plan(plan, versions[plan.pk]) == stored


def test_live_episodes_have_reviews_and_measures_due(dataset):
    active = list(Referral.objects.filter(status=episode_policy.ACTIVE).values_list("pk", flat=True))
    reviews = plan_reviews_due_for(active, TODAY)
    assert {r.state for r in reviews.values()} == {"due", "overdue"}
    due = measures_due_for(active, TODAY)
    assert {m.status for measures in due.values() for m in measures} == {"due", "overdue"}
    assert len(reviews) < len(active) and len(due) < len(active)
