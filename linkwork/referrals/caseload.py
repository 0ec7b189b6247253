"""What the caseload page shows: people waiting for first contact, active, and recently closed.

Each section is one query for the page of rows (plus one for its count and one for the rows' reasons),
whatever the size of the caseload.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from linkwork.people.identifiers import normalise_nhs_number
from linkwork.referrals import episode_rules
from linkwork.referrals.models import Referral, ReferralReason, Urgency

SECTIONS = ("waiting", "active", "closed")


@dataclass
class CaseloadRow:
    referral: Referral
    today: date

    @property
    def person(self):
        return self.referral.person

    @property
    def days_waiting(self) -> int:
        return (self.today - self.referral.received_on).days

    @property
    def reasons(self) -> list[str]:
        return [r.get_reason_display() for r in self.referral.reasons.all()]


@dataclass
class CaseloadSection:
    key: str
    title: str
    page: Page
    rows: list[CaseloadRow] = field(default_factory=list)


def filter_caseload(referrals, user, filters: dict) -> "Referral.objects":
    who = filters.get("who") or ("all" if user.is_supervisor else "mine")
    if who == "mine":
        referrals = referrals.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, status=episode_rules.WAITING))
    elif who == "unassigned":
        referrals = referrals.filter(assigned_to__isnull=True)
    elif who != "all":
        referrals = referrals.filter(assigned_to_id=who)
    if filters.get("urgency"):
        referrals = referrals.filter(urgency=filters["urgency"])
    if filters.get("practice"):
        referrals = referrals.filter(practice__code=filters["practice"])
    if filters.get("reason"):
        referrals = referrals.filter(reasons__reason=filters["reason"])
    q = (filters.get("q") or "").strip()
    if q:
        digits = normalise_nhs_number(q)
        if digits.isdigit():
            referrals = referrals.filter(person__nhs_number=digits)
        else:
            referrals = referrals.filter(Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q))
    return referrals


def build_caseload(user, filters: dict, pages: dict[str, str | None]) -> list[CaseloadSection]:
    today = timezone.localdate()
    base = (
        filter_caseload(Referral.objects.for_user(user), user, filters)
        .select_related("person", "assigned_to", "practice")
        .prefetch_related(Prefetch("reasons", queryset=ReferralReason.objects.order_by("reason")))
    )
    urgent_first = Case(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField())
    since = today - timedelta(days=settings.LINKWORK_RECENTLY_CLOSED_DAYS)
    querysets = {
        "waiting": base.filter(status=episode_rules.WAITING).order_by(urgent_first, "received_on", "id"),
        "active": base.filter(status=episode_rules.ACTIVE).order_by("received_on", "id"),
        "closed": base.filter(status__in=episode_rules.CLOSED_STATUSES, closed_on__gte=since).order_by(
            "-closed_on", "id"
        ),
    }
    titles = {
        "waiting": "Waiting for first contact",
        "active": "Active",
        "closed": f"Discharged or declined in the last {settings.LINKWORK_RECENTLY_CLOSED_DAYS} days",
    }
    sections = []
    for key in SECTIONS:
        page = Paginator(querysets[key], settings.LINKWORK_PAGE_SIZE).get_page(pages.get(key))
        sections.append(
            CaseloadSection(
                key=key, title=titles[key], page=page, rows=[CaseloadRow(r, today) for r in page.object_list]
            )
        )
    return sections
