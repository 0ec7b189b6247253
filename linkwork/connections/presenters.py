"""What the pages and the API show of a connection: its closed-loop state and flags. What the service it was sent to
may see of the person is decided in connections.sharing. Built from rows already fetched unless they say so."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from linkwork.connections import policy as connection_policy
from linkwork.connections.models import Connection, ConnectionEngagementReport, ConnectionStatusChange
from linkwork.connections.services import NO_ENGAGEMENT_STATUSES
from linkwork.connections.vocabularies import CONNECTION_KINDS, ENGAGEMENT, SHAREABLE_FIELDS, STATUSES
from linkwork.core.dates import long_date
from linkwork.people.identifiers import normalise_nhs_number
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import Referral

STATUS_COLOURS = {
    connection_policy.DRAFT: "white",
    connection_policy.REQUESTED: "yellow",
    connection_policy.ACCEPTED: "blue",
    connection_policy.REJECTED: "red",
    connection_policy.IN_PROGRESS: "blue",
    connection_policy.ON_HOLD: "orange",
    connection_policy.COMPLETED: "green",
    connection_policy.FAILED: "red",
    connection_policy.CANCELLED: "grey",
    connection_policy.ENTERED_IN_ERROR: "grey",
}
ENGAGEMENT_COLOURS = {"unknown": "grey", "engaged": "green", "did_not_engage": "orange"}


FOLLOW_UP_WORDS = {
    connection_policy.AWAITING_SERVICE: "Still waiting",
    connection_policy.ENGAGEMENT_UNKNOWN: "Not known if they went",
}
SIDE_WORDS = {connection_policy.REFERRER: "Link worker", connection_policy.SERVICE: "Service"}


def follow_up_flag(status: str, engagement: str, first_seen_on: date | None) -> str:
    """The words for why a connection needs following up, or "" when it does not (connection_policy's one truth)."""
    return FOLLOW_UP_WORDS.get(connection_policy.follow_up_reason(status, engagement, first_seen_on), "")


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a connection's history: a status change or a report of whether the person went."""

    at: datetime
    what: str
    detail: str
    side: str
    by: str


def _status_entry(change: ConnectionStatusChange) -> HistoryEntry:
    return HistoryEntry(
        at=change.created_at,
        what=STATUSES.label(change.to_status),
        detail=change.reason,
        side=SIDE_WORDS.get(change.side, ""),
        by=change.created_by.full_name if change.created_by else "",
    )


def _engagement_entry(report: ConnectionEngagementReport) -> HistoryEntry:
    parts = []
    if report.first_seen_on:
        parts.append(f"First session {long_date(report.first_seen_on)}.")
    if report.outcome:
        parts.append(report.outcome)
    return HistoryEntry(
        at=report.created_at,
        what=f"Engagement reported: {ENGAGEMENT.label(report.engagement)}",
        detail=" ".join(parts),
        side=SIDE_WORDS.get(report.side, ""),
        by=report.created_by.full_name if report.created_by else "",
    )


@dataclass
class ConnectionView:
    connection: Connection

    @property
    def status_label(self) -> str:
        return STATUSES.label(self.connection.status)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.connection.status, "grey")

    @property
    def kind_label(self) -> str:
        return CONNECTION_KINDS.label(self.connection.kind)

    @property
    def engagement_label(self) -> str:
        return ENGAGEMENT.label(self.connection.engagement)

    @property
    def engagement_colour(self) -> str:
        return ENGAGEMENT_COLOURS.get(self.connection.engagement, "grey")

    @property
    def days_waited(self) -> int | None:
        return self.connection.days_waited

    @property
    def days_since_sent(self) -> int:
        return (timezone.localdate() - self.connection.sent_on).days

    @property
    def follow_up(self) -> str:
        c = self.connection
        return follow_up_flag(c.status, c.engagement, c.first_seen_on)

    @property
    def seen(self) -> bool:
        c = self.connection
        return connection_policy.seen(c.status, c.engagement, c.first_seen_on)

    @property
    def not_yet_seen(self) -> bool:
        c = self.connection
        return connection_policy.not_yet_seen(c.status, c.engagement, c.first_seen_on)

    @property
    def shared_labels(self) -> list[str]:
        return [SHAREABLE_FIELDS.label(key) for key in self.connection.shared_fields]

    @property
    def can_report_engagement(self) -> bool:
        return self.connection.status not in NO_ENGAGEMENT_STATUSES

    @property
    def referrer_can_change(self) -> bool:
        return bool(referrer_statuses(self.connection.status))

    @property
    def history(self) -> list[HistoryEntry]:
        """Every status change and every engagement report, oldest first, from the prefetched rows (a status change
        an engagement report caused comes just before the report)."""
        entries = [(e.at, 0, e) for e in map(_status_entry, self.connection.status_changes.all())]
        entries += [(e.at, 1, e) for e in map(_engagement_entry, self.connection.engagement_reports.all())]
        return [entry for _, _, entry in sorted(entries, key=lambda item: (item[0], item[1]))]

    @property
    def latest_reason(self) -> str:
        """Why the connection last changed status (e.g. why it was declined), from the prefetched changes."""
        changes = list(self.connection.status_changes.all())
        return changes[-1].reason if changes else ""


def status_changes_prefetch() -> Prefetch:
    return Prefetch(
        "status_changes", queryset=ConnectionStatusChange.objects.select_related("created_by").order_by("created_at")
    )


def engagement_reports_prefetch() -> Prefetch:
    return Prefetch(
        "engagement_reports",
        queryset=ConnectionEngagementReport.objects.select_related("created_by").order_by("created_at"),
    )


def history_prefetches() -> tuple[Prefetch, Prefetch]:
    """What ConnectionView.history and latest_reason read, for a queryset of connections."""
    return status_changes_prefetch(), engagement_reports_prefetch()


def connections_prefetch() -> Prefetch:
    """The episode's connections with their services and status history, for the person's page."""
    return Prefetch(
        "connections",
        queryset=Connection.objects.select_related("service", "organisation")
        .prefetch_related(*history_prefetches())
        .order_by("-sent_on", "-created_at"),
    )


def episode_connections(referral) -> list[ConnectionView]:
    return [ConnectionView(c) for c in referral.connections.all()]


def service_statuses(current: str) -> list[tuple[str, str]]:
    """The statuses the service may move a connection to from `current`, in the vocabulary's order."""
    return [
        (key, label)
        for key, label in STATUSES.choices()
        if connection_policy.check_change(current, key, connection_policy.SERVICE) is None
    ]


def referrer_statuses(current: str) -> list[tuple[str, str]]:
    return [
        (key, label)
        for key, label in STATUSES.choices()
        if connection_policy.check_change(current, key, connection_policy.REFERRER) is None
    ]


def episodes_to_connect(user, words: str = "") -> QuerySet[Referral]:
    """The user's own open episodes a connection can be made from (accepted, not ended), by the person's name; `words`
    narrows them to a name or an NHS number."""
    episodes = (
        Referral.objects.for_user(user)
        .filter(assigned_to=user, status=episode_policy.ACTIVE)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "id")
    )
    typed = " ".join((words or "").split())
    if not typed:
        return episodes
    digits = normalise_nhs_number(typed)
    if digits.isdigit():
        return episodes.filter(person__nhs_number=digits)
    for word in typed.split()[:5]:
        episodes = episodes.filter(Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word))
    return episodes


def open_connections_to(service, referral_ids) -> set:
    """The episodes among `referral_ids` that already have an open connection to `service`."""
    return set(
        Connection.objects.filter(service=service, referral_id__in=list(referral_ids))
        .exclude(status__in=connection_policy.CLOSED)
        .values_list("referral_id", flat=True)
    )
