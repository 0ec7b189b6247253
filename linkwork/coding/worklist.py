"""The GP coding worklist: which codes practice staff still have to enter, and which are overdue."""

from datetime import date, timedelta

from django.utils import timezone

from linkwork.coding.models import CodingEvent, CodingStatus

ENTERED_SHOWN_FOR_DAYS = 90


def worklist_status(event: CodingEvent, today: date) -> str:
    """pending, overdue (past its due date: a week after the contact) or entered."""
    if event.status == CodingStatus.ENTERED:
        return "entered"
    return "overdue" if event.due_by < today else "pending"


def worklist_for(user, status: str = "pending"):
    """Worklist items for `user`, scoped by CodingEvent.objects.for_user.

    pending: everything not yet entered (overdue included), oldest due first;
    overdue: only those past due; entered: entered in the last 90 days, newest first; all: everything.
    """
    today = timezone.localdate()
    items = CodingEvent.objects.for_user(user).select_related("person", "practice", "referral", "entered_by")
    if status == "pending":
        return items.filter(status=CodingStatus.PENDING).order_by("due_by", "id")
    if status == "overdue":
        return items.filter(status=CodingStatus.PENDING, due_by__lt=today).order_by("due_by", "id")
    if status == "entered":
        since = timezone.now() - timedelta(days=ENTERED_SHOWN_FOR_DAYS)
        return items.filter(status=CodingStatus.ENTERED, entered_at__gte=since).order_by("-entered_at", "id")
    return items.order_by("due_by", "id")
