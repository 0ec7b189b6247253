"""Closed-loop status rules for onward connections, as plain values in and out (ADR 0003).

Statuses and who may set each come from data/statuses.yaml (HL7 Gravity SDOH Clinical Care, Task for referral
management). A change is refused as *forbidden* when the other side owns the status (the API answers 403) and
as *not allowed* when the connection cannot move there from where it is (422).
"""

from dataclasses import dataclass
from datetime import date

from linkwork.connections.vocabularies import STATUSES

REFERRER = "referrer"
SERVICE = "service"
SIDES = (REFERRER, SERVICE)

DRAFT, REQUESTED, ACCEPTED, REJECTED = "draft", "requested", "accepted", "rejected"
IN_PROGRESS, ON_HOLD, COMPLETED, FAILED = "in-progress", "on-hold", "completed", "failed"
CANCELLED, ENTERED_IN_ERROR = "cancelled", "entered-in-error"

# Where a connection may go next from each status; the last five end the loop.
NEXT = {
    DRAFT: {REQUESTED, CANCELLED, ENTERED_IN_ERROR},
    REQUESTED: {ACCEPTED, REJECTED, IN_PROGRESS, FAILED, CANCELLED, ENTERED_IN_ERROR},
    ACCEPTED: {IN_PROGRESS, ON_HOLD, COMPLETED, FAILED, CANCELLED, ENTERED_IN_ERROR},
    IN_PROGRESS: {ON_HOLD, COMPLETED, FAILED, CANCELLED, ENTERED_IN_ERROR},
    ON_HOLD: {IN_PROGRESS, COMPLETED, FAILED, CANCELLED, ENTERED_IN_ERROR},
    REJECTED: set(),
    COMPLETED: set(),
    FAILED: set(),
    CANCELLED: set(),
    ENTERED_IN_ERROR: set(),
}
CLOSED = frozenset(s for s, after in NEXT.items() if not after)
# Sent but not yet seen through: the link worker's "still waiting" list.
WAITING = frozenset({REQUESTED, ACCEPTED, ON_HOLD})
# The service has taken the person on: they were seen.
SEEN = frozenset({IN_PROGRESS, COMPLETED})


def set_by(status: str) -> frozenset[str]:
    """The sides that may set a status."""
    return frozenset(STATUSES.term(status).extra["set_by"])


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str
    forbidden: bool  # True: the side may never set this status (403); False: not from here (422)


def check_change(current: str, new: str, side: str) -> Refusal | None:
    """None when `side` may move a connection from `current` to `new`, else why not."""
    if new not in STATUSES:
        return Refusal("choice", f"status must be one of {', '.join(STATUSES.keys())}", forbidden=False)
    if side not in set_by(new):
        owner = " or ".join(sorted(set_by(new)))
        return Refusal(
            "who_may_set",
            f"only the {owner} may set a connection to {STATUSES.label(new).lower()} ({new})",
            forbidden=True,
        )
    if new == current:
        return Refusal("unchanged", f"the connection is already {STATUSES.label(new).lower()}", forbidden=False)
    if new not in NEXT[current]:
        return Refusal(
            "transition",
            f"a connection that is {STATUSES.label(current).lower()} cannot become {STATUSES.label(new).lower()}",
            forbidden=False,
        )
    return None


def days_waited(sent_on: date, first_seen_on: date | None) -> int | None:
    """Whole days from sending the connection to the person's first session, None until they are seen."""
    if first_seen_on is None:
        return None
    return (first_seen_on - sent_on).days


def needs_follow_up(status: str, engagement: str) -> bool:
    """Still waiting on the service, or nobody knows yet whether the person went."""
    if status in WAITING:
        return True
    return status in SEEN and engagement == "unknown"


def not_yet_seen(status: str, first_seen_on: date | None) -> bool:
    """Discharging the person now would leave this connection before the service saw them."""
    return first_seen_on is None and status in WAITING
