"""Activity not about one person over the API: record one's own, and list one's own (a supervisor: the PCN's), paged.
The records name no person, so reading them writes no audit row; recording one does (services)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Header, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from linkwork.activities import presenters, services
from linkwork.activities.models import Activity
from linkwork.activities.policy import MAX_MINUTES, NOTE_MAX
from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.core.access import require_perm
from linkwork.core.api_schemas import REFUSALS, IsoDate, text, whole_number
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.core.pagination import Paging

router = Router(tags=["activities"])

Kind = Literal[tuple(ACTIVITY_KINDS.keys())]  # type: ignore[valid-type]


class ActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    occurred_on: IsoDate = Field(description="The day it happened: today or in the past year")
    minutes: whole_number(1, MAX_MINUTES) = Field(description="How long it took, in minutes")  # type: ignore[valid-type]
    kind: Kind = Field(description="What kind of activity (data/activity_kinds.yaml)")  # type: ignore[valid-type]
    note: text(NOTE_MAX) = Field(  # type: ignore[valid-type]
        "", description="What it was; required for kind `other`; never a person's details (an NHS number is refused)"
    )


class ActivityOut(Schema):
    id: UUID
    pcn: UUID = Field(validation_alias="pcn_id")
    practitioner: UUID = Field(validation_alias="practitioner_id")
    practitioner_name: str = ""
    occurred_on: date
    minutes: int
    kind: str
    kind_label: str = ""
    note: str
    created_at: datetime

    @staticmethod
    def resolve_practitioner_name(obj: Activity) -> str:
        return obj.practitioner.full_name

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return ACTIVITY_KINDS.label(obj.kind)


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


@router.post("/activities", response={201: ActivityOut, **REFUSALS})
def record_activity(
    request,
    payload: ActivityIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Record your own activity that is not about one person (link workers, coaches, care coordinators), for your PCN.
    Never coded to anyone."""
    auditor = _auditor(request)
    require_perm(request.user, "activities.record_activity", auditor, "record activity")

    def create():
        activity = services.record_activity(**payload.model_dump(), user=request.user, auditor=auditor)
        return 201, ActivityOut.from_orm(activity)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


@router.get("/activities", response={200: list[ActivityOut], **REFUSALS})
@paginate(Paging)
def list_activities(
    request,
    kind: Kind | None = None,  # type: ignore[valid-type]
    practitioner: UUID | None = None,
    occurred_from: IsoDate | None = None,
    occurred_before: IsoDate | None = None,
):
    """Your own activity, or for GP supervisors and PCN managers the PCN's, newest first. Filters: `kind`,
    `practitioner`, and the days [`occurred_from`, `occurred_before`)."""
    require_perm(request.user, "activities.view_activity", _auditor(request), "read activity")
    rows = presenters.activities_for(request.user, practitioner=practitioner, kind=kind or "")
    if occurred_from is not None:
        rows = rows.filter(occurred_on__gte=occurred_from)
    if occurred_before is not None:
        rows = rows.filter(occurred_on__lt=occurred_before)
    return rows
