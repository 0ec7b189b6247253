from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.referrals import policy
from linkwork.referrals.policy import (
    ACCEPTED,
    ACTIVE,
    CLOSED_STATUSES,
    DECLINED,
    DECLINED_STATUS,
    DISCHARGED,
    FOLLOW_UP,
    NO_RESPONSE,
    OUTCOMES,
    WAITING,
    TransitionRefused,
    status_after_contact,
    status_after_discharge,
)


@pytest.mark.parametrize(
    ("status", "outcome", "reached", "expected"),
    [
        (WAITING, ACCEPTED, True, ACTIVE),
        (WAITING, DECLINED, True, DECLINED_STATUS),
        (WAITING, NO_RESPONSE, False, WAITING),
        (WAITING, NO_RESPONSE, True, WAITING),
        (ACTIVE, FOLLOW_UP, True, ACTIVE),
        (ACTIVE, NO_RESPONSE, False, ACTIVE),
    ],
)
def test_allowed_transitions(status, outcome, reached, expected):
    assert status_after_contact(status, outcome, reached) == expected


@pytest.mark.parametrize(
    ("status", "outcome", "reached", "rule"),
    [
        (WAITING, FOLLOW_UP, True, "follow_up_needs_acceptance"),
        (ACTIVE, ACCEPTED, True, "once_per_episode"),
        (ACTIVE, DECLINED, True, "decline_before_acceptance"),
        (DECLINED_STATUS, ACCEPTED, True, "episode_closed"),
        (DISCHARGED, FOLLOW_UP, True, "episode_closed"),
        (WAITING, ACCEPTED, False, "reached"),
        (ACTIVE, FOLLOW_UP, False, "reached"),
        (WAITING, "maybe", True, "choice"),
    ],
)
def test_refused_transitions_name_their_rule(status, outcome, reached, rule):
    with pytest.raises(TransitionRefused) as refused:
        status_after_contact(status, outcome, reached)
    assert refused.value.rule == rule


def test_discharge_closes_open_episodes_only():
    assert status_after_discharge(WAITING) == DISCHARGED
    assert status_after_discharge(ACTIVE) == DISCHARGED
    for closed in CLOSED_STATUSES:
        with pytest.raises(TransitionRefused):
            status_after_discharge(closed)


@given(st.lists(st.tuples(st.sampled_from(OUTCOMES), st.booleans()), max_size=15))
def test_an_episode_is_accepted_at_most_once_and_stays_closed(steps):
    status, acceptances = WAITING, 0
    for outcome, reached in steps:
        try:
            new = status_after_contact(status, outcome, reached)
        except TransitionRefused:
            continue
        if new == ACTIVE and status == WAITING:
            acceptances += 1
        assert status not in CLOSED_STATUSES
        status = new
    assert acceptances <= 1


@pytest.mark.parametrize("outcome", ["accepted", "declined", "follow_up"])
def test_an_outcome_only_a_conversation_has_says_the_person_was_reached(outcome):
    assert policy.reached_from(outcome, None) is True
    assert policy.reached_from(outcome, False) is False  # what was said wins; the transition rules then refuse it


def test_no_response_does_not_say_whether_anyone_answered():
    assert policy.reached_from("no_response", None) is None
    assert policy.reached_from("no_response", True) is True


@given(st.dates(), st.integers(min_value=0, max_value=3000))
def test_days_waited_is_the_days_from_referral_to_first_contact(received_on, days):
    first = received_on + timedelta(days=days) if received_on <= date.max - timedelta(days=days) else None
    if first is not None:
        assert policy.days_waited(received_on, first) == days
    assert policy.days_waited(received_on, None) is None
