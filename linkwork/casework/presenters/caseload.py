"""What the caseload page shows: people waiting for first contact, active, and recently closed.

Each section is one query for its count, one for its page of rows and one for those rows' reasons, and the
active section three more for plan reviews and measures due, whatever the size of the caseload. Rows are plain
values (QuerySet.values), not model instances: building ~700 instances per page was most of the page's time at
national scale (benchmarks/).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from linkwork.core.paging import page_of
from linkwork.measures.due import measures_due_for
from linkwork.measures.instruments import registry
from linkwork.measures.policy.schedule import MeasureDue
from linkwork.people.identifiers import normalise_nhs_number
from linkwork.plans.reviews import ReviewDue, plan_reviews_due_for
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import EpisodeStatus, Referral, ReferralReason, Urgency
from linkwork.referrals.vocabularies import REFERRAL_REASONS

SECTIONS = ("waiting", "active", "closed")


@dataclass(frozen=True)
class CaseloadRow:
    """One line of the caseload: plain values, so a page of 150 rows costs no model instances."""

    referral_id: UUID
    person_id: UUID
    name: str
    nhs_number: str
    received_on: date
    urgency: str
    status: str
    closed_on: date | None
    assigned_to: str
    reasons: tuple[str, ...]
    today: date
    review: ReviewDue | None = None
    measures_due: tuple[MeasureDue, ...] = ()

    @property
    def days_waiting(self) -> int:
        return (self.today - self.received_on).days

    @property
    def formatted_nhs_number(self) -> str:
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}"

    @property
    def is_open(self) -> bool:
        return self.status in episode_policy.OPEN_STATUSES

    @property
    def status_label(self) -> str:
        return EpisodeStatus(self.status).label

    @property
    def due(self) -> list[tuple[str, bool]]:
        """What needs doing for this person: (label, overdue) for the plan review and each measure due."""
        items = (
            [(f"{self.review.label}, {self.review.review_on:%-d %b}", self.review.state == "overdue")]
            if self.review
            else []
        )
        for m in self.measures_due:
            overdue = m.status == "overdue"
            name = instrument_short_name(m.instrument)
            items.append((f"{name} {m.point_label.lower()} {'overdue' if overdue else 'due'}", overdue))
        return items


ROW_FIELDS = (
    "id",
    "person_id",
    "person__given_name",
    "person__family_name",
    "person__nhs_number",
    "received_on",
    "urgency",
    "status",
    "closed_on",
    "assigned_to__full_name",
)


def instrument_short_name(key: str) -> str:
    return registry().current(key).short_name


def _rows(page_values: list[dict], today: date, with_due: bool) -> list[CaseloadRow]:
    ids = [v["id"] for v in page_values]
    reviews = plan_reviews_due_for(ids, today) if with_due else {}
    measures = measures_due_for(ids, today) if with_due else {}
    reasons: dict[UUID, list[str]] = {}
    for referral_id, reason in (
        ReferralReason.objects.filter(referral_id__in=ids).order_by("reason").values_list("referral_id", "reason")
    ):
        reasons.setdefault(referral_id, []).append(REFERRAL_REASONS.label(reason))
    return [
        CaseloadRow(
            referral_id=v["id"],
            person_id=v["person_id"],
            name=f"{v['person__given_name']} {v['person__family_name']}",
            nhs_number=v["person__nhs_number"],
            received_on=v["received_on"],
            urgency=v["urgency"],
            status=v["status"],
            closed_on=v["closed_on"],
            assigned_to=v["assigned_to__full_name"] or "Unassigned",
            reasons=tuple(reasons.get(v["id"], ())),
            today=today,
            review=reviews.get(v["id"]),
            measures_due=tuple(measures.get(v["id"], ())),
        )
        for v in page_values
    ]


@dataclass
class CaseloadSection:
    key: str
    title: str
    page: Page
    rows: list[CaseloadRow] = field(default_factory=list)


def filter_caseload(referrals, user, filters: dict) -> "Referral.objects":
    who = filters.get("who") or ("all" if user.is_supervisor else "mine")
    if who == "mine":
        referrals = referrals.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, status=episode_policy.WAITING))
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
    base = filter_caseload(Referral.objects.for_user(user), user, filters).values(*ROW_FIELDS)
    urgent_first = Case(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField())
    since = today - timedelta(days=settings.LINKWORK_RECENTLY_CLOSED_DAYS)
    querysets = {
        "waiting": base.filter(status=episode_policy.WAITING).order_by(urgent_first, "received_on", "id"),
        "active": base.filter(status=episode_policy.ACTIVE).order_by("received_on", "id"),
        "closed": base.filter(status__in=episode_policy.CLOSED_STATUSES, closed_on__gte=since).order_by(
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
        page = page_of(querysets[key], pages.get(key))
        sections.append(
            CaseloadSection(
                key=key,
                title=titles[key],
                page=page,
                rows=_rows(list(page.object_list), today, with_due=key == "active"),
            )
        )
    return sections
