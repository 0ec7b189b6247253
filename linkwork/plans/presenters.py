"""What the pages show of a plan: the summary in an episode's card, the plan page with its history, and the
sections in order for the person's copy. Built from rows already fetched, so they cost no queries of their own
unless they say so."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from linkwork.plans import policy as plan_policy
from linkwork.plans.models import CarePlan, CarePlanVersion, Goal
from linkwork.plans.sections import FIELD_TITLES, PART_ONE_FIELDS, PART_TWO_FIELDS, PARTS, REVIEW, Part, Section
from linkwork.plans.vocabularies import GOAL_PROGRESS, PERMISSION_ANSWERS

FIELD_ORDER = {name: i for i, name in enumerate(PART_ONE_FIELDS + PART_TWO_FIELDS)}
PROGRESS_COLOURS = {"not_started": "grey", "in_progress": "blue", "achieved": "green", "no_longer_relevant": "white"}


def plan_of(referral) -> CarePlan | None:
    """The episode's plan, from `select_related("care_plan")` when the caller used it."""
    try:
        return referral.care_plan
    except CarePlan.DoesNotExist:
        return None


def review_state(plan: CarePlan, today: date | None = None) -> str | None:
    return plan_policy.review_state(
        plan.review_on,
        today or timezone.localdate(),
        due_within_days=REVIEW.due_within_days,
        episode_open=plan.referral.is_open,
    )


@dataclass
class GoalView:
    goal: Goal

    @property
    def progress_label(self) -> str:
        return GOAL_PROGRESS.label(self.goal.progress)

    @property
    def progress_colour(self) -> str:
        return PROGRESS_COLOURS.get(self.goal.progress, "grey")


@dataclass
class PlanSummary:
    """The plan in an episode's card on the person's page (goals prefetched by casework.presenters.person)."""

    plan: CarePlan
    today: date

    @property
    def goals(self) -> list[GoalView]:
        return [GoalView(g) for g in self.plan.goals.all()]

    @property
    def review_state(self) -> str | None:
        return review_state(self.plan, self.today)


def plan_summary(referral) -> PlanSummary | None:
    plan = plan_of(referral)
    return PlanSummary(plan=plan, today=timezone.localdate()) if plan is not None else None


@dataclass
class SectionView:
    """One numbered section with its answer: text, goals, the review, or a yes/no answer."""

    section: Section
    text: str = ""
    goals: list[GoalView] = field(default_factory=list)
    review_on: date | None = None

    @property
    def is_empty(self) -> bool:
        if self.section.kind == "goals":
            return not self.goals
        if self.section.kind == "review":
            return self.review_on is None and not self.text
        return not self.text


@dataclass
class PartView:
    part: Part
    sections: list[SectionView]


def plan_parts(plan: CarePlan, goals: list[Goal]) -> list[PartView]:
    """The plan's sections in the order of the seed's sample plan, each with the person's answer."""
    goal_views = [GoalView(g) for g in goals]
    parts = []
    for part in PARTS:
        views = []
        for section in part.sections:
            if section.kind == "goals":
                views.append(SectionView(section, goals=goal_views))
            elif section.kind == "review":
                views.append(SectionView(section, text=plan.review_note, review_on=plan.review_on))
            elif section.kind == "permission":
                views.append(SectionView(section, text=PERMISSION_ANSWERS.label(getattr(plan, section.key))))
            else:
                views.append(SectionView(section, text=getattr(plan, section.key)))
        parts.append(PartView(part, views))
    return parts


@dataclass
class VersionView:
    version: CarePlanVersion
    what_changed: str


def _describe(version: CarePlanVersion, before: dict | None) -> str:
    after: dict[str, Any] = version.snapshot
    if version.change == CarePlanVersion.Change.CREATED:
        return "Plan made"
    if version.change == CarePlanVersion.Change.SECTIONS:
        # PostgreSQL's jsonb keeps keys in its own order, so put them back in the plan's order.
        changed = sorted(
            plan_policy.changed_sections(before, after), key=lambda n: FIELD_ORDER.get(n, len(FIELD_ORDER))
        )
        titles = [FIELD_TITLES.get(name, name) for name in changed]
        return "Changed: " + "; ".join(titles) if titles else "Plan changed"
    old_goals = {g["id"]: g for g in (before or {}).get("goals", [])}
    for goal in after.get("goals", []):
        old = old_goals.get(goal["id"])
        label = GOAL_PROGRESS.label(goal["progress"]).lower()
        if old is None:
            return f"Goal added ({label}): {goal['description']}"
        if old["progress"] != goal["progress"]:
            return f"Goal now {label}: {goal['description']}"
    return version.get_change_display()


def version_history(versions: list[CarePlanVersion]) -> list[VersionView]:
    """Newest first, each saying what changed since the version before it."""
    views, before = [], None
    for version in sorted(versions, key=lambda v: v.number):
        views.append(VersionView(version, _describe(version, before)))
        before = version.snapshot
    return list(reversed(views))


@dataclass
class PlanPage:
    referral: Any
    plan: CarePlan | None
    parts: list[PartView] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    versions: list[VersionView] = field(default_factory=list)
    review_state: str | None = None
    part_two_from: date | None = None


def plan_page(referral, plan: CarePlan | None) -> PlanPage:
    """The plan page: `plan` with goals__progress_changes__created_by and versions__created_by prefetched."""
    if plan is None:
        return PlanPage(referral=referral, plan=None)
    goals = list(plan.goals.all())
    after_months = PARTS[1].after_months or 6
    return PlanPage(
        referral=referral,
        plan=plan,
        parts=plan_parts(plan, goals),
        goals=goals,
        versions=version_history(list(plan.versions.all())),
        review_state=review_state(plan),
        part_two_from=plan_policy.part_two_from(timezone.localdate(plan.created_at), after_months),
    )
