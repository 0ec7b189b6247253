"""Personalised care and support plans (seed 003 section 8 and Appendix 4): one per referral episode, with the
person's goals, every change of a goal's progress, and a snapshot of the whole plan at every change."""

from django.db import models

from linkwork.core.models import BaseModel
from linkwork.plans.vocabularies import GOAL_PROGRESS, PERMISSION_ANSWERS

TEXT_MAX = 5000
GOAL_MAX = 1000


def _pcn_scope(queryset, user, path: str):
    """PCN roles reach the plans of their PCN's episodes; nobody else reaches a plan (DESIGN: who uses it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_pcn_role:
        return queryset.none()
    return queryset.filter(**{path: user.organisation_id})


class CarePlanQuerySet(models.QuerySet):
    def for_user(self, user) -> "CarePlanQuerySet":
        return _pcn_scope(self, user, "referral__pcn_id")


class CarePlan(BaseModel):
    """The plan the person and their link worker write together, in the person's own words.

    Sections 1-3 and 5-7 are part one (at the start), 8-11 part two (after about six months); section 4,
    the person's goals, are `Goal` rows. `version` counts the snapshots in `CarePlanVersion`.
    """

    referral = models.OneToOneField("referrals.Referral", on_delete=models.CASCADE, related_name="care_plan")
    what_matters = models.TextField(blank=True)
    how_to_support = models.TextField(blank=True)
    health_conditions = models.TextField(blank=True)
    support = models.TextField(blank=True)
    self_support = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    changes = models.TextField(blank=True)
    share_story = models.CharField(max_length=16, choices=PERMISSION_ANSWERS.choices(), default="not_asked")
    satisfaction_survey = models.CharField(max_length=16, choices=PERMISSION_ANSWERS.choices(), default="not_asked")
    evaluation = models.CharField(max_length=16, choices=PERMISSION_ANSWERS.choices(), default="not_asked")
    version = models.PositiveIntegerField(default=1)

    objects = CarePlanQuerySet.as_manager()

    class Meta:
        # The caseload asks "whose review is near?" of many episodes at once.
        indexes = [models.Index(fields=["review_on"], name="care_plan_review_on")]

    def __str__(self) -> str:
        return f"Care and support plan for referral {self.referral_id}"


class GoalQuerySet(models.QuerySet):
    def for_user(self, user) -> "GoalQuerySet":
        return _pcn_scope(self, user, "care_plan__referral__pcn_id")


class Goal(BaseModel):
    """One of the person's goals, in their words, with where it has got to and since when."""

    care_plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField()
    progress = models.CharField(max_length=24, choices=GOAL_PROGRESS.choices(), default="not_started")
    progress_on = models.DateField()

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class GoalProgressChange(BaseModel):
    """Every change of a goal's progress: who (created_by), when (created_at), from, to, and as of which day."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress_changes")
    from_progress = models.CharField(max_length=24, blank=True, choices=GOAL_PROGRESS.choices())
    to_progress = models.CharField(max_length=24, choices=GOAL_PROGRESS.choices())
    progress_on = models.DateField()

    class Meta:
        ordering = ["created_at", "id"]


class CarePlanVersion(BaseModel):
    """The whole plan and its goals as they stood after one change: who (created_by), when, what kind of change.

    `snapshot` is {"sections": {field: value, ...}, "goals": [{"id", "description", "progress",
    "progress_on"}, ...]} with dates as ISO strings, so a version reads the same whatever changes later.
    """

    class Change(models.TextChoices):
        CREATED = "created", "Plan made"
        SECTIONS = "sections", "Plan changed"
        GOAL_ADDED = "goal_added", "Goal added"
        GOAL_PROGRESS = "goal_progress", "Goal progress changed"

    care_plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    change = models.CharField(max_length=16, choices=Change.choices)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["care_plan", "number"]
        constraints = [models.UniqueConstraint(fields=["care_plan", "number"], name="care_plan_version_once")]
