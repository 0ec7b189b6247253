"""How an episode of link worker support moves between states. Pure: plain values in and out.

  waiting ──accepted──► active ──discharge──► discharged
     │  └──declined──► declined (closed)
     └──discharge (e.g. unable to contact)──► discharged

An episode starts when a referral is received and ends at a decline or a discharge. Re-referral after it
ends starts a new episode (seed 000: "re-referral after discharge starts a new episode").
"""

from dataclasses import dataclass
from datetime import date

# What came of a contact (the outcomes the coding guidance distinguishes, seed 000): they move the episode on here,
# and coding.policy decides from them which code, if any, reaches the GP record.
ACCEPTED = "accepted"
DECLINED = "declined"
NO_RESPONSE = "no_response"
FOLLOW_UP = "follow_up"
OUTCOMES = (ACCEPTED, DECLINED, NO_RESPONSE, FOLLOW_UP)
# Outcomes that only a conversation with the person can have: recording one says the person was reached.
REACHED_OUTCOMES = frozenset({ACCEPTED, DECLINED, FOLLOW_UP})

WAITING = "waiting"
ACTIVE = "active"
DECLINED_STATUS = "declined"
DISCHARGED = "discharged"
OPEN_STATUSES = frozenset({WAITING, ACTIVE})
CLOSED_STATUSES = frozenset({DECLINED_STATUS, DISCHARGED})


@dataclass(frozen=True)
class TransitionRefused(Exception):
    rule: str
    message: str


def reached_from(outcome: str, reached: bool | None) -> bool | None:
    """Whether the person was reached: as the practitioner said, or implied by an outcome only a conversation can
    have; None when neither says (a "no response" may be no answer or a call cut short: the practitioner says)."""
    if reached is not None:
        return reached
    return True if outcome in REACHED_OUTCOMES else None


def days_waited(received_on: date, first_contact_on: date | None) -> int | None:
    """Days from the referral to the first contact that reached the person (seed 003 records the date referred "for
    waiting times"); None while no contact has reached them."""
    return None if first_contact_on is None else (first_contact_on - received_on).days


def status_after_contact(status: str, outcome: str, reached: bool) -> str:
    """The episode's status after a contact with `outcome`, or TransitionRefused naming the rule."""
    if status in CLOSED_STATUSES:
        raise TransitionRefused("episode_closed", "this episode has ended; record a new referral to start another")
    if outcome in REACHED_OUTCOMES and not reached:
        raise TransitionRefused("reached", f"a contact with outcome {outcome} means the person was reached")
    if outcome == ACCEPTED:
        if status == ACTIVE:
            raise TransitionRefused(
                "once_per_episode", "the person already accepted support in this episode; record a follow-up"
            )
        return ACTIVE
    if outcome == DECLINED:
        if status == ACTIVE:
            raise TransitionRefused(
                "decline_before_acceptance", "the person already accepted support; to end it, record a discharge"
            )
        return DECLINED_STATUS
    if outcome == FOLLOW_UP:
        if status != ACTIVE:
            raise TransitionRefused(
                "follow_up_needs_acceptance", "a follow-up needs an episode the person has accepted"
            )
        return ACTIVE
    if outcome == NO_RESPONSE:
        return status
    raise TransitionRefused("choice", f"outcome must be one of {ACCEPTED}, {DECLINED}, {NO_RESPONSE}, {FOLLOW_UP}")


def status_after_discharge(status: str) -> str:
    if status in CLOSED_STATUSES:
        raise TransitionRefused("episode_closed", "this episode has already ended")
    return DISCHARGED
