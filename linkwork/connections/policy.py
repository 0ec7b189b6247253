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
# Sent and open, the service not started: until someone reports whether the person went, "still waiting".
WAITING = frozenset({REQUESTED, ACCEPTED, ON_HOLD})
# The service has taken the person on: they were seen.
SEEN = frozenset({IN_PROGRESS, COMPLETED})
# Open or taken on: the connections whose engagement the link worker wants to hear about.
FOLLOWED = WAITING | SEEN


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


UNKNOWN, ENGAGED, DID_NOT_ENGAGE = "unknown", "engaged", "did_not_engage"
# Why a connection needs following up (follow_up_reason), or "" when it does not.
AWAITING_SERVICE = "awaiting_service"
ENGAGEMENT_UNKNOWN = "engagement_unknown"


def seen(status: str, engagement: str, first_seen_on: date | None) -> bool:
    """The person has been to the service: their first session is dated, someone reported that they engaged, or the
    service has taken them on (in progress, completed)."""
    return first_seen_on is not None or engagement == ENGAGED or status in SEEN


def follow_up_reason(status: str, engagement: str, first_seen_on: date | None) -> str:
    """Why the link worker should follow the connection up, or "" when the loop is closed for now.

    One truth for every page, list and API answer (ADR 0050): once anyone has said whether the person went (engaged
    or did not engage) nobody is waiting; a person seen with engagement unknown is "not known if they went"; a
    connection sent and still open that nobody has reported on is "still waiting" on the service.
    """
    if engagement != UNKNOWN or status not in FOLLOWED:
        return ""
    return ENGAGEMENT_UNKNOWN if seen(status, engagement, first_seen_on) else AWAITING_SERVICE


def needs_follow_up(status: str, engagement: str, first_seen_on: date | None) -> bool:
    """Still waiting on the service, or nobody knows yet whether the person went."""
    return bool(follow_up_reason(status, engagement, first_seen_on))


def not_yet_seen(status: str, engagement: str, first_seen_on: date | None) -> bool:
    """Discharging the person now would leave this open connection before the service saw them."""
    return status in WAITING and not seen(status, engagement, first_seen_on)


# An organisation's capacity status (community's data/capacity_statuses.yaml) that it is taking no one new.
CAPACITY_CLOSED = "closed"


def needs_closed_confirmation(capacity_status: str) -> bool:
    """Sending to an organisation that says it is taking no one is allowed, but a link worker on the page must
    confirm it first, so the person is not left waiting on a service that cannot see them (seed 004 on capacity)."""
    return capacity_status == CAPACITY_CLOSED


def status_after_engagement(status: str, engagement: str, side: str) -> str:
    """The status a report that the person engaged moves the connection to, or "" to leave it (ADR 0050).

    When the service itself says the person engaged, it has started serving them: HL7 Gravity's Task "in-progress".
    A connection still sent, accepted or on hold moves there, as the service's own change. The referrer's report
    never moves it: the statuses after "requested" are the service's to set (ADR 0007).
    """
    if side != SERVICE or engagement != ENGAGED or status not in WAITING:
        return ""
    return IN_PROGRESS if check_change(status, IN_PROGRESS, side) is None else ""
