"""What the pages and the API show of a connection: its closed-loop state and flags. What the service it was sent to
may see of the person is decided in connections.sharing. Built from rows already fetched unless they say so."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from linkwork.connections import policy as connection_policy
from linkwork.connections.models import Connection, ConnectionStatusChange
from linkwork.connections.services import NO_ENGAGEMENT_STATUSES
from linkwork.connections.vocabularies import CONNECTION_KINDS, ENGAGEMENT, SHAREABLE_FIELDS, STATUSES

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


def follow_up_flag(status: str, engagement: str) -> str:
    """The words for why a connection needs following up, or "" when it does not."""
    if not connection_policy.needs_follow_up(status, engagement):
        return ""
    return "Still waiting" if status in connection_policy.WAITING else "Not known if they went"


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
        return follow_up_flag(self.connection.status, self.connection.engagement)

    @property
    def not_yet_seen(self) -> bool:
        return connection_policy.not_yet_seen(self.connection.status, self.connection.first_seen_on)

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
    def history(self) -> list[dict]:
        """Every status change, oldest first, from the prefetched changes."""
        return [
            {"at": ch.created_at, "status": STATUSES.label(ch.to_status), "reason": ch.reason, "side": ch.side}
            for ch in self.connection.status_changes.all()
        ]

    @property
    def latest_reason(self) -> str:
        """Why the connection last changed status (e.g. why it was declined), from the prefetched changes."""
        changes = list(self.connection.status_changes.all())
        return changes[-1].reason if changes else ""


def status_changes_prefetch() -> Prefetch:
    return Prefetch(
        "status_changes", queryset=ConnectionStatusChange.objects.select_related("created_by").order_by("created_at")
    )


def connections_prefetch() -> Prefetch:
    """The episode's connections with their services and status history, for the person's page."""
    return Prefetch(
        "connections",
        queryset=Connection.objects.select_related("service", "organisation")
        .prefetch_related(status_changes_prefetch())
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
