from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.utils import timezone
from ninja import Router, Schema

from linkwork.coding.models import CodingEvent
from linkwork.coding.services import mark_entered
from linkwork.coding.worklist import worklist_for, worklist_status
from linkwork.core.access import get_in_scope, require_perm
from linkwork.core.auditor import Auditor

router = Router(tags=["coding"])


class CodingEventOut(Schema):
    id: UUID
    code: str
    term: str
    contact_date: date
    due_by: date
    status: str

    @staticmethod
    def resolve_status(obj: CodingEvent) -> str:
        return worklist_status(obj, timezone.localdate())


class WorklistItemOut(CodingEventOut):
    """One line of the manual coding template (seed 000, Annex A), plus when it is due."""

    name: str
    postcode: str
    source: str
    nhs_number: str
    gp_practice: str
    entered_by: str | None
    entered_at: datetime | None

    @staticmethod
    def resolve_name(obj: CodingEvent) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_postcode(obj: CodingEvent) -> str:
        return obj.person.postcode

    @staticmethod
    def resolve_source(obj: CodingEvent) -> str:
        return obj.referral.get_referrer_type_display()

    @staticmethod
    def resolve_nhs_number(obj: CodingEvent) -> str:
        return obj.person.nhs_number

    @staticmethod
    def resolve_gp_practice(obj: CodingEvent) -> str:
        return obj.practice.code

    @staticmethod
    def resolve_entered_by(obj: CodingEvent) -> str | None:
        return obj.entered_by.email if obj.entered_by_id else None


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


@router.get("/coding/worklist", response=list[WorklistItemOut])
def get_worklist(request, status: Literal["pending", "overdue", "entered"] = "pending"):
    """Codes still to enter in the practice's GP records (oldest due first), or those already entered."""
    auditor = _auditor(request)
    require_perm(request.user, "coding.view_worklist", auditor, "see the coding worklist")
    items = list(worklist_for(request.user, status))
    auditor.viewed_many("coding_worklist", [(i.pk, i.person_id) for i in items], detail={"status": status})
    return items


@router.post("/coding/worklist/{item_id}/entered", response=WorklistItemOut)
def mark_item_entered(request, item_id: UUID):
    auditor = _auditor(request)
    require_perm(request.user, "coding.mark_entered", auditor, "mark codes entered")
    scoped = CodingEvent.objects.for_user(request.user)
    item = get_in_scope(scoped, item_id, auditor, "coding_event")
    mark_entered(scoped.filter(pk=item.pk), user=request.user, auditor=auditor)
    return worklist_for(request.user, "all").get(pk=item.pk)
