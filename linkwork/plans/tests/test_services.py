"""Making and changing plans, goals and progress through the services: rules, versions, audit, closed episodes."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.plans import services
from linkwork.plans.models import CarePlan, CarePlanVersion, Goal, GoalProgressChange
from linkwork.plans.tests.factories import SECTIONS, add_goal, make_plan

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def lw(world):
    return world.user("link_worker")


def rules_of(exc) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in exc.value.errors}


def close(referral, status="discharged"):
    referral.status = status
    referral.closed_on = date(2026, 11, 15)
    referral.save()


def test_making_a_plan_keeps_the_persons_words_and_saves_version_one(referral, lw):
    saved = services.save_care_plan(
        referral, {**SECTIONS, "what_matters": "  My dog, Biscuit.\r\nMy garden.  "}, user=lw, auditor=Auditor(lw)
    )
    plan = CarePlan.objects.get()
    assert saved.created and saved.plan == plan and plan.referral == referral
    assert plan.what_matters == "My dog, Biscuit.\nMy garden."  # only the surrounding space and CRLF go
    assert plan.how_to_support == SECTIONS["how_to_support"] and plan.review_on == date(2026, 12, 1)
    assert (plan.share_story, plan.satisfaction_survey, plan.evaluation) == ("not_asked",) * 3
    assert plan.version == 1 and plan.created_by == lw
    version = CarePlanVersion.objects.get()
    assert (version.number, version.change, version.created_by) == (1, "created", lw)
    assert version.snapshot["sections"]["what_matters"] == "My dog, Biscuit.\nMy garden."
    assert version.snapshot["sections"]["review_on"] == "2026-12-01" and version.snapshot["goals"] == []
    row = AuditLog.objects.get()
    assert (row.action, row.what, row.object_id, row.person_id) == (
        "create",
        "care_plan",
        str(plan.pk),
        referral.person_id,
    )


def test_changing_a_section_saves_a_new_version_and_leaves_the_old_one_as_it_was(referral, lw):
    plan = make_plan(referral, lw)
    saved = services.save_care_plan(
        referral,
        {"self_support": "Walk to the shop every day", "what_matters": SECTIONS["what_matters"]},
        user=lw,
        auditor=Auditor(lw),
    )
    assert not saved.created and saved.changed == ["self_support"]  # unchanged text is not a change
    plan.refresh_from_db()
    assert plan.self_support == "Walk to the shop every day" and plan.how_to_support == SECTIONS["how_to_support"]
    assert plan.version == 2
    first, second = CarePlanVersion.objects.order_by("number")
    assert first.snapshot["sections"]["self_support"] == SECTIONS["self_support"]
    assert second.snapshot["sections"]["self_support"] == "Walk to the shop every day"
    assert second.change == "sections"
    update = AuditLog.objects.get(action="update")
    assert update.detail == {"fields": ["self_support"], "version": 2}
    assert "Walk to the shop" not in str(update.detail)  # the audit says what changed, not the person's words


def test_a_save_that_changes_nothing_writes_nothing(referral, lw):
    make_plan(referral, lw)
    before = AuditLog.objects.count()
    saved = services.save_care_plan(referral, dict(SECTIONS), user=lw, auditor=Auditor(lw))
    assert saved.changed == [] and not saved.created
    assert CarePlanVersion.objects.count() == 1 and AuditLog.objects.count() == before


def test_bad_plan_names_every_field_and_rule_and_stores_nothing(referral, lw):
    with pytest.raises(RuleViolation) as exc:
        services.save_care_plan(
            referral,
            {
                "what_matters": "   ",
                "review_on": date(2026, 9, 30),  # the referral was received on 1 October 2026
                "support": "x" * 5001,
                "share_story": "maybe",
                "favourite_colour": "blue",
            },
            user=lw,
            auditor=Auditor(lw),
        )
    assert rules_of(exc) == {
        ("what_matters", "required"),
        ("review_on", "after_referral"),
        ("support", "max_length"),
        ("share_story", "choice"),
        ("favourite_colour", "unknown"),
    }
    assert CarePlan.objects.count() == 0 and CarePlanVersion.objects.count() == 0 and AuditLog.objects.count() == 0


def test_a_plan_needs_a_review_date_within_a_year(referral, lw):
    with pytest.raises(RuleViolation) as exc:
        services.save_care_plan(referral, {"what_matters": "Family"}, user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("review_on", "required")}
    with pytest.raises(RuleViolation) as exc:
        services.save_care_plan(
            referral, {"what_matters": "Family", "review_on": date(2062, 11, 1)}, user=lw, auditor=Auditor(lw)
        )
    assert rules_of(exc) == {("review_on", "range")}
    assert CarePlan.objects.count() == 0


def test_a_review_date_already_past_may_stay_when_other_sections_change(referral, lw):
    make_plan(referral, lw, review_on=date(2026, 10, 2))
    saved = services.save_care_plan(referral, {"support": "Lunch club"}, user=lw, auditor=Auditor(lw))
    assert saved.changed == ["support"]


def test_only_caseload_roles_write_plans(referral, world):
    supervisor = world.user("gp_supervisor")
    with pytest.raises(RuleViolation) as exc:
        services.save_care_plan(referral, dict(SECTIONS), user=supervisor, auditor=Auditor(supervisor))
    assert rules_of(exc) == {("practitioner", "role")}
    assert CarePlan.objects.count() == 0


def test_goals_are_added_in_the_persons_words_with_progress_kept(referral, lw):
    plan = make_plan(referral, lw)
    goal = add_goal(
        plan,
        lw,
        description=" Walk to the park\r\nwith my sister ",
        progress="in_progress",
        progress_on=date(2026, 11, 10),
    )
    assert goal.description == "Walk to the park\nwith my sister"
    assert (goal.progress, goal.progress_on, goal.created_by) == ("in_progress", date(2026, 11, 10), lw)
    change = GoalProgressChange.objects.get()
    assert (change.from_progress, change.to_progress, change.created_by) == ("", "in_progress", lw)
    plan.refresh_from_db()
    assert plan.version == 2
    version = CarePlanVersion.objects.get(number=2)
    assert version.change == "goal_added"
    assert version.snapshot["goals"] == [
        {
            "id": str(goal.pk),
            "description": "Walk to the park\nwith my sister",
            "progress": "in_progress",
            "progress_on": "2026-11-10",
        }
    ]
    row = AuditLog.objects.get(what="goal")
    assert (row.action, row.person_id, row.detail["version"]) == ("create", referral.person_id, 2)


def test_a_goal_defaults_to_not_started_today(referral, lw):
    goal = add_goal(make_plan(referral, lw), lw)
    assert (goal.progress, goal.progress_on) == ("not_started", NOW.date())


def test_bad_goal_names_the_field_and_rule_and_stores_nothing(referral, lw):
    plan = make_plan(referral, lw)
    with pytest.raises(RuleViolation) as exc:
        services.add_goal(
            plan, description="  ", progress="finished", progress_on=date(2026, 12, 25), user=lw, auditor=Auditor(lw)
        )
    assert rules_of(exc) == {("description", "required"), ("progress", "choice"), ("progress_on", "not_in_future")}
    with pytest.raises(RuleViolation) as exc:
        services.add_goal(plan, description="x" * 1001, progress_on=date(2026, 9, 1), user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("description", "max_length"), ("progress_on", "after_referral")}
    assert Goal.objects.count() == 0 and CarePlanVersion.objects.count() == 1
    plan.refresh_from_db()
    assert plan.version == 1


def test_goal_progress_changes_are_kept_who_when_from_to(referral, lw, world):
    coach = world.user("health_and_wellbeing_coach")
    goal = add_goal(make_plan(referral, lw), lw, progress_on=date(2026, 11, 2))
    services.change_goal_progress(
        goal, progress="in_progress", progress_on=date(2026, 11, 9), user=lw, auditor=Auditor(lw)
    )
    services.change_goal_progress(goal, progress="achieved", user=coach, auditor=Auditor(coach))
    goal.refresh_from_db()
    assert (goal.progress, goal.progress_on) == ("achieved", NOW.date())
    changes = list(
        GoalProgressChange.objects.order_by("created_at", "id").values_list(
            "from_progress", "to_progress", "progress_on", "created_by"
        )
    )
    assert changes == [
        ("", "not_started", date(2026, 11, 2), lw.pk),
        ("not_started", "in_progress", date(2026, 11, 9), lw.pk),
        ("in_progress", "achieved", NOW.date(), coach.pk),
    ]
    assert list(CarePlanVersion.objects.values_list("number", "change")) == [
        (1, "created"),
        (2, "goal_added"),
        (3, "goal_progress"),
        (4, "goal_progress"),
    ]
    assert CarePlanVersion.objects.get(number=3).snapshot["goals"][0]["progress"] == "in_progress"
    row = AuditLog.objects.filter(what="goal", action="update").order_by("at").last()
    assert row.detail == {"from": "in_progress", "to": "achieved", "version": 4} and row.actor == coach


def test_progress_must_change_and_cannot_go_back_in_time(referral, lw):
    goal = add_goal(make_plan(referral, lw), lw, progress_on=date(2026, 11, 10))
    with pytest.raises(RuleViolation) as exc:
        services.change_goal_progress(goal, progress="not_started", user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("progress", "unchanged")}
    with pytest.raises(RuleViolation) as exc:
        services.change_goal_progress(
            goal, progress="achieved", progress_on=date(2026, 11, 9), user=lw, auditor=Auditor(lw)
        )
    assert rules_of(exc) == {("progress_on", "after_previous")}
    with pytest.raises(RuleViolation) as exc:
        services.change_goal_progress(goal, progress="", user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("progress", "required")}
    assert GoalProgressChange.objects.count() == 1 and CarePlanVersion.objects.count() == 2


def test_after_discharge_part_two_may_be_completed_but_part_one_and_goals_are_frozen(referral, lw):
    plan = make_plan(referral, lw)
    goal = add_goal(plan, lw)
    close(referral)
    saved = services.save_care_plan(
        referral,
        {"changes": "I go to the group on my own now.", "share_story": "yes", "evaluation": "no"},
        user=lw,
        auditor=Auditor(lw),
    )
    assert saved.changed == ["changes", "share_story", "evaluation"]
    with pytest.raises(RuleViolation) as exc:
        services.save_care_plan(
            referral,
            {"what_matters": "Something new", "review_on": date(2026, 12, 20), "satisfaction_survey": "yes"},
            user=lw,
            auditor=Auditor(lw),
        )
    assert rules_of(exc) == {("what_matters", "episode_closed"), ("review_on", "episode_closed")}
    with pytest.raises(RuleViolation) as exc:
        add_goal(plan, lw)
    assert rules_of(exc) == {("care_plan", "episode_closed")}
    with pytest.raises(RuleViolation) as exc:
        services.change_goal_progress(goal, progress="achieved", user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("care_plan", "episode_closed")}
    plan.refresh_from_db()
    assert plan.what_matters == SECTIONS["what_matters"] and plan.satisfaction_survey == "not_asked"
    assert plan.version == 3 and Goal.objects.get().progress == "not_started"


def test_a_plan_cannot_be_started_once_the_episode_has_ended(referral, lw):
    close(referral, status="declined")
    with pytest.raises(RuleViolation) as exc:
        services.save_care_plan(referral, dict(SECTIONS), user=lw, auditor=Auditor(lw))
    assert ("care_plan", "episode_closed") in rules_of(exc)
    assert CarePlan.objects.count() == 0


def test_one_plan_per_episode(referral, lw):
    make_plan(referral, lw)
    again = services.save_care_plan(referral, {"support": "Lunch club"}, user=lw, auditor=Auditor(lw))
    assert not again.created and CarePlan.objects.count() == 1
