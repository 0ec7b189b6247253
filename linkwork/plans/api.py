from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.http import Http404, HttpResponse
from ninja import Header, Router, Schema
from pydantic import ConfigDict, Field

from linkwork.core.access import get_in_scope, require_perm
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.plans import documents, services
from linkwork.plans.models import CarePlan, Goal
from linkwork.plans.presenters import review_state
from linkwork.plans.vocabularies import GOAL_PROGRESS, PERMISSION_ANSWERS
from linkwork.referrals.models import Referral

router = Router(tags=["plans"])

Progress = Literal[tuple(GOAL_PROGRESS.keys())]  # type: ignore[valid-type]
Answer = Literal[tuple(PERMISSION_ANSWERS.keys())]  # type: ignore[valid-type]


class PlanIn(Schema):
    """The sections to set, in the person's own words; sections left out keep their values."""

    # A misspelt section would otherwise be dropped without a word: refuse it instead.
    model_config = ConfigDict(extra="forbid")

    what_matters: str | None = None
    how_to_support: str | None = None
    health_conditions: str | None = None
    support: str | None = None
    self_support: str | None = None
    review_on: date | None = None
    review_note: str | None = None
    changes: str | None = None
    share_story: Answer | None = None
    satisfaction_survey: Answer | None = None
    evaluation: Answer | None = None


class GoalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    description: str
    progress: Progress = "not_started"
    progress_on: date | None = Field(None, description="The day the goal got to `progress`; today if left out")


class ProgressIn(Schema):
    model_config = ConfigDict(extra="forbid")

    progress: Progress
    progress_on: date | None = Field(None, description="The day of the change; today if left out")


class GoalOut(Schema):
    id: UUID
    description: str
    progress: str
    progress_on: date
    created_at: datetime


class PlanOut(Schema):
    id: UUID
    referral: UUID = Field(validation_alias="referral_id")
    version: int
    created_at: datetime
    updated_at: datetime
    what_matters: str
    how_to_support: str
    health_conditions: str
    support: str
    self_support: str
    review_on: date | None
    review_note: str
    review_state: str | None = Field(None, description='"due", "overdue" or null (open episodes only)')
    changes: str
    share_story: str
    satisfaction_survey: str
    evaluation: str
    goals: list[GoalOut]

    @staticmethod
    def resolve_review_state(obj: CarePlan) -> str | None:
        return review_state(obj)

    @staticmethod
    def resolve_goals(obj: CarePlan):
        return list(obj.goals.all())


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


def _scoped_referral(request, referral_id: UUID, auditor: Auditor) -> Referral:
    return get_in_scope(Referral.objects.for_user(request.user), referral_id, auditor, "referral")


def _plan(request, referral: Referral, *related: str) -> CarePlan:
    """The episode's plan with its goals; 404 when none has been made yet (not a refusal, so not audited)."""
    plan = (
        CarePlan.objects.for_user(request.user)
        .filter(referral=referral)
        .select_related("referral", *related)
        .prefetch_related("goals")
        .first()
    )
    if plan is None:
        raise Http404("no care plan has been made for this referral yet")
    return plan


@router.post("/referrals/{referral_id}/care-plan", response={200: PlanOut, 201: PlanOut})
def save_plan(
    request, referral_id: UUID, payload: PlanIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
):
    """Make the episode's plan (201) or change the sections sent (200). Every change is kept as a version."""
    auditor = _auditor(request)
    require_perm(request.user, "plans.change_care_plan", auditor, "write care plans")
    referral = _scoped_referral(request, referral_id, auditor)
    changes = payload.model_dump(exclude_unset=True)

    def create():
        saved = services.save_care_plan(referral, changes, user=request.user, auditor=auditor)
        return (201 if saved.created else 200), PlanOut.from_orm(_plan(request, referral))

    return idempotent(request, idempotency_key, payload.model_dump(mode="json", exclude_unset=True), create)


@router.get("/referrals/{referral_id}/care-plan", response=PlanOut)
def get_plan(request, referral_id: UUID):
    auditor = _auditor(request)
    require_perm(request.user, "plans.view_care_plan", auditor, "read care plans")
    referral = _scoped_referral(request, referral_id, auditor)
    plan = _plan(request, referral)
    auditor.viewed("care_plan", plan.pk, person_id=referral.person_id)
    return plan


@router.post("/referrals/{referral_id}/care-plan/goals", response={201: GoalOut})
def add_goal(
    request, referral_id: UUID, payload: GoalIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
):
    auditor = _auditor(request)
    require_perm(request.user, "plans.change_care_plan", auditor, "write care plans")
    referral = _scoped_referral(request, referral_id, auditor)
    plan = _plan(request, referral)

    def create():
        goal = services.add_goal(plan, **payload.model_dump(), user=request.user, auditor=auditor)
        return 201, GoalOut.from_orm(goal)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


@router.post("/referrals/{referral_id}/care-plan/goals/{goal_id}/progress", response=GoalOut)
def change_goal_progress(
    request,
    referral_id: UUID,
    goal_id: UUID,
    payload: ProgressIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Move a goal on; the change is kept (who, when, from, to) and the plan gets a new version."""
    auditor = _auditor(request)
    require_perm(request.user, "plans.change_care_plan", auditor, "write care plans")
    referral = _scoped_referral(request, referral_id, auditor)
    goal = get_in_scope(
        Goal.objects.for_user(request.user).filter(care_plan__referral=referral).select_related("care_plan"),
        goal_id,
        auditor,
        "goal",
    )

    def create():
        changed = services.change_goal_progress(goal, **payload.model_dump(), user=request.user, auditor=auditor)
        return 200, GoalOut.from_orm(changed)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The person's own copy of their plan (tagged PDF/UA-1)",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/referrals/{referral_id}/care-plan.pdf", openapi_extra=PDF_RESPONSE)
def plan_pdf(request, referral_id: UUID):
    """The person's own copy as a PDF, from the same template as the print view. Audited as an export."""
    auditor = _auditor(request)
    require_perm(request.user, "plans.export_care_plan", auditor, "print care plans")
    referral = _scoped_referral(request, referral_id, auditor)
    plan = _plan(request, referral, *documents.COPY_RELATED)
    response = HttpResponse(documents.copy_pdf(plan, auditor), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="my-care-and-support-plan.pdf"'
    return response
