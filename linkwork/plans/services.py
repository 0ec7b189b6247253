"""Writes to personalised care and support plans: making and changing the plan, adding goals, moving a goal on.

Each function checks every rule before writing, writes inside one transaction, saves a new `CarePlanVersion`
(a snapshot of the plan and its goals) and audits the change, so bad input stores nothing and every change
can be read back later exactly as it stood.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core.auditor import Auditor
from linkwork.core.dates import long_date
from linkwork.core.errors import ErrorCollector, RuleViolation
from linkwork.core.roles import CASELOAD_ROLES
from linkwork.core.text import words
from linkwork.plans import policy as plan_policy
from linkwork.plans.models import GOAL_MAX, TEXT_MAX, CarePlan, CarePlanVersion, Goal, GoalProgressChange
from linkwork.plans.sections import (
    FIELD_TITLES,
    PART_ONE_FIELDS,
    PART_TWO_FIELDS,
    PERMISSION_FIELDS,
    REVIEW,
    TEXT_FIELDS,
)
from linkwork.plans.vocabularies import GOAL_PROGRESS, PERMISSION_ANSWERS
from linkwork.referrals.models import Referral

PLAN_FIELDS = PART_ONE_FIELDS + PART_TWO_FIELDS
NEW_PLAN = {**dict.fromkeys(TEXT_FIELDS, ""), "review_on": None, **dict.fromkeys(PERMISSION_FIELDS, "not_asked")}


@dataclass
class SavedPlan:
    plan: CarePlan
    created: bool
    changed: list[str] = field(default_factory=list)


def _require_caseload_role(user: User) -> None:
    if user.role not in CASELOAD_ROLES:
        raise RuleViolation.single(
            "practitioner", "role", "only link workers, coaches and care coordinators write care plans"
        )


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def snapshot(plan: CarePlan) -> dict:
    """The plan and its goals as plain JSON values (one query, for the goals)."""
    return {
        "sections": {name: _iso(getattr(plan, name)) for name in PLAN_FIELDS},
        "goals": [
            {
                "id": str(goal.pk),
                "description": goal.description,
                "progress": goal.progress,
                "progress_on": goal.progress_on.isoformat(),
            }
            for goal in Goal.objects.filter(care_plan=plan).order_by("created_at", "id")
        ],
    }


def _new_version(plan: CarePlan, change: str, auditor: Auditor) -> CarePlanVersion:
    """Count the change on the plan and keep a snapshot of it; the caller holds the plan's lock."""
    if change != CarePlanVersion.Change.CREATED:
        plan.version += 1
        plan.save(update_fields=["version", "updated_at"])
    return CarePlanVersion.objects.create(
        care_plan=plan, number=plan.version, change=change, snapshot=snapshot(plan), created_by=auditor.actor
    )


def _clean(name: str, value: Any) -> Any:
    """The stored form of one submitted value."""
    if name in TEXT_FIELDS:
        return words(value)
    if name in PERMISSION_FIELDS:
        return value or "not_asked"
    return value


def _validate_values(values: dict[str, Any], changed: set[str], referral: Referral, errors: ErrorCollector) -> None:
    for name in values:
        if name in TEXT_FIELDS and len(values[name]) > TEXT_MAX:
            errors.add(name, "max_length", f"{FIELD_TITLES[name].lower()} must be {TEXT_MAX:,} characters or fewer")
        elif name in PERMISSION_FIELDS and values[name] not in PERMISSION_ANSWERS:
            errors.add(name, "choice", f"{name} must be one of {', '.join(PERMISSION_ANSWERS.keys())}")
    review_on = values.get("review_on")
    if "review_on" in changed and review_on is not None:
        if not isinstance(review_on, date):
            errors.add("review_on", "date", "give the review date as a date, e.g. 2027-03-01")
        elif review_on < referral.received_on:
            errors.add(
                "review_on",
                "after_referral",
                f"the review date cannot be before the referral was received ({long_date(referral.received_on)})",
            )
        elif review_on > timezone.localdate() + timedelta(days=REVIEW.furthest_ahead_days):
            errors.add(
                "review_on",
                "range",
                f"the review date must be within {REVIEW.furthest_ahead_days} days of today; agree a nearer check",
            )


@transaction.atomic
def save_care_plan(referral: Referral, changes: Mapping[str, Any], *, user: User, auditor: Auditor) -> SavedPlan:
    """Make the episode's plan, or change the sections named in `changes` (others keep their values).

    The plan is written in the person's own words (seed 003 section 8), so text is kept as written, only
    trimmed. A plan needs what matters to the person and a date to check how it is going. Once the episode
    has ended, only part two may change (plan_policy.CHANGEABLE_AFTER_CLOSE); a plan cannot be started.
    A save that changes nothing writes nothing.
    """
    _require_caseload_role(user)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    plan = CarePlan.objects.select_for_update().filter(referral=referral).first()
    errors = ErrorCollector()
    for name in changes:
        if name not in PLAN_FIELDS:
            errors.add(name, "unknown", f"{name} is not a section of the plan; use {', '.join(PLAN_FIELDS)}")
    values = {name: _clean(name, value) for name, value in changes.items() if name in PLAN_FIELDS}
    current = NEW_PLAN if plan is None else {name: getattr(plan, name) for name in PLAN_FIELDS}
    changed = {name for name, value in values.items() if value != current[name]}
    _validate_values(values, changed, referral, errors)
    if not referral.is_open:
        if plan is None:
            errors.add("care_plan", "episode_closed", "this episode has ended, so a plan can no longer be started")
        for name in plan_policy.frozen_after_close(changed):
            errors.add(
                name,
                "episode_closed",
                f"{FIELD_TITLES[name].lower()} can no longer change because the episode has ended; part two can",
            )
    after = {**current, **values}
    if not after["what_matters"]:
        errors.add("what_matters", "required", "write what matters to the person, in their own words")
    if after["review_on"] is None:
        errors.add("review_on", "required", "agree a date to check together how it is going")
    errors.raise_if_any()

    if plan is not None and not changed:
        return SavedPlan(plan=plan, created=False)
    ordered = [name for name in PLAN_FIELDS if name in changed]
    if plan is None:
        plan = CarePlan.objects.create(referral=referral, created_by=auditor.actor, **after)
        _new_version(plan, CarePlanVersion.Change.CREATED, auditor)
        auditor.created("care_plan", plan.pk, person_id=referral.person_id, detail={"version": plan.version})
        return SavedPlan(plan=plan, created=True, changed=ordered)
    for name in ordered:
        setattr(plan, name, after[name])
    plan.save(update_fields=[*ordered, "updated_at"])
    _new_version(plan, CarePlanVersion.Change.SECTIONS, auditor)
    auditor.updated(
        "care_plan", plan.pk, person_id=referral.person_id, detail={"fields": ordered, "version": plan.version}
    )
    return SavedPlan(plan=plan, created=False, changed=ordered)


def _lock_plan(plan: CarePlan) -> CarePlan:
    return CarePlan.objects.select_for_update().select_related("referral").get(pk=plan.pk)


def _validate_progress_on(progress_on: date, referral: Referral, errors: ErrorCollector, since: date | None) -> None:
    if progress_on > timezone.localdate():
        errors.add("progress_on", "not_in_future", "the date of the progress must be today or in the past")
    elif progress_on < referral.received_on:
        errors.add(
            "progress_on",
            "after_referral",
            f"the date of the progress cannot be before the referral was received ({long_date(referral.received_on)})",
        )
    elif since is not None and progress_on < since:
        errors.add(
            "progress_on",
            "after_previous",
            f"the date of the progress cannot be before the goal's last change ({long_date(since)})",
        )


def _goals_open(referral: Referral, errors: ErrorCollector) -> None:
    if not referral.is_open:
        errors.add("care_plan", "episode_closed", "goals can no longer change because the episode has ended")


def _check_progress(progress: str, errors: ErrorCollector) -> None:
    if not progress:
        errors.add("progress", "required", "choose how the goal is going")
    elif progress not in GOAL_PROGRESS:
        errors.add("progress", "choice", f"progress must be one of {', '.join(GOAL_PROGRESS.keys())}")


@transaction.atomic
def add_goal(
    plan: CarePlan,
    *,
    description: str,
    progress: str = "not_started",
    progress_on: date | None = None,
    user: User,
    auditor: Auditor,
) -> Goal:
    """Add one of the person's goals, in their words, with where it has got to (as of today unless given)."""
    _require_caseload_role(user)
    plan = _lock_plan(plan)
    errors = ErrorCollector()
    _goals_open(plan.referral, errors)
    description = words(description)
    if not description:
        errors.add("description", "required", "write the goal in the person's own words")
    elif len(description) > GOAL_MAX:
        errors.add("description", "max_length", f"a goal must be {GOAL_MAX:,} characters or fewer")
    _check_progress(progress, errors)
    progress_on = progress_on or timezone.localdate()
    _validate_progress_on(progress_on, plan.referral, errors, since=None)
    errors.raise_if_any()

    goal = Goal.objects.create(
        care_plan=plan, description=description, progress=progress, progress_on=progress_on, created_by=auditor.actor
    )
    GoalProgressChange.objects.create(
        goal=goal, from_progress="", to_progress=progress, progress_on=progress_on, created_by=auditor.actor
    )
    _new_version(plan, CarePlanVersion.Change.GOAL_ADDED, auditor)
    auditor.created(
        "goal",
        goal.pk,
        person_id=plan.referral.person_id,
        detail={"care_plan": str(plan.pk), "progress": progress, "version": plan.version},
    )
    return goal


@transaction.atomic
def change_goal_progress(
    goal: Goal, *, progress: str, progress_on: date | None = None, user: User, auditor: Auditor
) -> Goal:
    """Move a goal on (or back): not started, in progress, achieved or no longer relevant, as of a day.

    The change is kept as a row (who, when, from, to); the plan gets a new version.
    """
    _require_caseload_role(user)
    plan = _lock_plan(goal.care_plan)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    errors = ErrorCollector()
    _goals_open(plan.referral, errors)
    _check_progress(progress, errors)
    if progress and progress == goal.progress:
        errors.add("progress", "unchanged", f"the goal is already marked {GOAL_PROGRESS.label(progress).lower()}")
    progress_on = progress_on or timezone.localdate()
    _validate_progress_on(progress_on, plan.referral, errors, since=goal.progress_on)
    errors.raise_if_any()

    from_progress = goal.progress
    GoalProgressChange.objects.create(
        goal=goal, from_progress=from_progress, to_progress=progress, progress_on=progress_on, created_by=auditor.actor
    )
    goal.progress, goal.progress_on = progress, progress_on
    goal.save(update_fields=["progress", "progress_on", "updated_at"])
    _new_version(plan, CarePlanVersion.Change.GOAL_PROGRESS, auditor)
    auditor.updated(
        "goal",
        goal.pk,
        person_id=plan.referral.person_id,
        detail={"from": from_progress, "to": progress, "version": plan.version},
    )
    return goal
