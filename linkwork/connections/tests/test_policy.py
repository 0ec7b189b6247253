"""The closed-loop rules against their meaning: who may set each status (data/statuses.yaml) and where a
connection may go next (NEXT), over every pair of statuses and both sides."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from linkwork.connections import policy as cr
from linkwork.connections.presenters import follow_up_flag
from linkwork.connections.vocabularies import ENGAGEMENT, STATUSES

ALL = STATUSES.keys()
SET_BY = {
    "draft": {"referrer"},
    "requested": {"referrer"},
    "entered-in-error": {"referrer"},
    "accepted": {"service"},
    "rejected": {"service"},
    "in-progress": {"service"},
    "on-hold": {"service"},
    "completed": {"service"},
    "failed": {"service"},
    "cancelled": {"referrer", "service"},
}


def test_who_may_set_each_status_is_as_published():
    assert {s: set(cr.set_by(s)) for s in ALL} == SET_BY


@given(st.sampled_from(ALL), st.sampled_from(ALL), st.sampled_from(cr.SIDES))
def test_check_change_over_every_pair_and_side(current, new, side):
    refusal = cr.check_change(current, new, side)
    if side not in SET_BY[new]:
        assert refusal is not None and refusal.forbidden and refusal.rule == "who_may_set"
    elif new == current:
        assert refusal is not None and not refusal.forbidden and refusal.rule == "unchanged"
    elif new not in cr.NEXT[current]:
        assert refusal is not None and not refusal.forbidden and refusal.rule == "transition"
    else:
        assert refusal is None


@given(st.sampled_from(ALL), st.text(max_size=12).filter(lambda s: s not in ALL), st.sampled_from(cr.SIDES))
def test_an_unknown_status_is_a_choice_error_not_a_refusal_of_the_side(current, new, side):
    refusal = cr.check_change(current, new, side)
    assert refusal is not None and refusal.rule == "choice" and not refusal.forbidden


@given(st.sampled_from(sorted(cr.CLOSED)), st.sampled_from(ALL), st.sampled_from(cr.SIDES))
def test_nothing_leaves_a_closed_status(current, new, side):
    assert cr.check_change(current, new, side) is not None


@given(st.sampled_from(ALL), st.sampled_from(ENGAGEMENT.keys()))
def test_follow_up_flag_matches_needs_follow_up(status, engagement):
    flag = follow_up_flag(status, engagement)
    assert bool(flag) == cr.needs_follow_up(status, engagement)
    if status in cr.WAITING:
        assert flag == "Still waiting"
    elif flag:
        assert status in cr.SEEN and engagement == "unknown" and flag == "Not known if they went"


@given(st.sampled_from(ALL), st.one_of(st.none(), st.just(date(2026, 11, 1))))
def test_not_yet_seen_only_while_waiting_and_unseen(status, first_seen_on):
    assert cr.not_yet_seen(status, first_seen_on) == (first_seen_on is None and status in cr.WAITING)


def test_days_waited():
    sent = date(2026, 10, 1)
    assert cr.days_waited(sent, None) is None
    assert cr.days_waited(sent, sent + timedelta(days=12)) == 12
