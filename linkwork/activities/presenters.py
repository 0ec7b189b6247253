"""The activity pages and API list: one's own activity, or a supervisor's PCN's, newest first, filtered by kind and
practitioner, with the minutes they add up to."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet, Sum

from linkwork.accounts.models import User
from linkwork.activities.models import Activity
from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.core.roles import CASELOAD_ROLES, SUPERVISOR_ROLES


def activities_for(user, *, practitioner: UUID | None = None, kind: str = "") -> QuerySet:
    """The user's reach (Activity.objects.for_user), filtered; the practitioner filter only narrows it."""
    rows = Activity.objects.for_user(user).select_related("practitioner").order_by("-occurred_on", "-created_at")
    if practitioner is not None:
        rows = rows.filter(practitioner_id=practitioner)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def total_minutes(rows: QuerySet) -> int:
    return rows.aggregate(total=Sum("minutes"))["total"] or 0


def hours_and_minutes(minutes: int) -> str:
    """e.g. "2 hours 5 minutes", "45 minutes", "1 hour"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours:,} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class Practitioner:
    id: UUID
    name: str


def practitioners_for(user) -> list[Practitioner]:
    """For a supervisor, the PCN's practitioners who record activity (to filter by); for anyone else, none."""
    if user.role not in SUPERVISOR_ROLES:
        return []
    holders = User.objects.filter(organisation_id=user.organisation_id, role__in=CASELOAD_ROLES).order_by("full_name")
    return [Practitioner(u.pk, u.full_name) for u in holders]


def kind_label(kind: str) -> str:
    return ACTIVITY_KINDS.label(kind)
