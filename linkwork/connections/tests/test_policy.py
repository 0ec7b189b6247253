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


SEEN_ON = st.one_of(st.none(), st.just(date(2026, 11, 28)))


@given(st.sampled_from(ALL), st.sampled_from(ENGAGEMENT.keys()), SEEN_ON)
def test_follow_up_flag_matches_needs_follow_up(status, engagement, first_seen_on):
    flag = follow_up_flag(status, engagement, first_seen_on)
    assert bool(flag) == cr.needs_follow_up(status, engagement, first_seen_on)
    if engagement != "unknown":
        assert flag == ""  # someone said whether the person went: nobody is waiting
    elif status in cr.SEEN or (status in cr.WAITING and first_seen_on is not None):
        assert flag == "Not known if they went"
    elif status in cr.WAITING:
        assert flag == "Still waiting"
    else:
        assert flag == ""


@given(st.sampled_from(ALL), st.sampled_from(ENGAGEMENT.keys()), SEEN_ON)
def test_waiting_flag_discharge_warning_and_seen_agree(status, engagement, first_seen_on):
    """One truth: "still waiting" only where the service has not seen the person, and the discharge warning
    only for open connections nobody has seen them at."""
    waiting = cr.follow_up_reason(status, engagement, first_seen_on) == cr.AWAITING_SERVICE
    seen = cr.seen(status, engagement, first_seen_on)
    assert not (waiting and seen)
    assert cr.not_yet_seen(status, engagement, first_seen_on) == (status in cr.WAITING and not seen)
    if waiting:
        assert cr.not_yet_seen(status, engagement, first_seen_on)
    if engagement == "engaged" or first_seen_on is not None:
        assert not waiting and not cr.not_yet_seen(status, engagement, first_seen_on)


def test_accepted_and_engaged_with_a_first_session_is_not_waiting():
    """Issue 8: the service accepted and reported "engaged, first seen 28 November"; the page still said waiting."""
    assert not cr.needs_follow_up("accepted", "engaged", date(2026, 11, 28))
    assert not cr.not_yet_seen("accepted", "engaged", date(2026, 11, 28))
    assert cr.follow_up_reason("accepted", "unknown", None) == cr.AWAITING_SERVICE


@given(st.sampled_from(ALL), st.sampled_from(ENGAGEMENT.keys()), st.sampled_from(cr.SIDES))
def test_only_the_services_report_of_engagement_moves_the_status_on(status, engagement, side):
    moved = cr.status_after_engagement(status, engagement, side)
    if side == "service" and engagement == "engaged" and status in cr.WAITING:
        assert moved == "in-progress" and cr.check_change(status, moved, side) is None
    else:
        assert moved == ""


def test_days_waited():
    sent = date(2026, 10, 1)
    assert cr.days_waited(sent, None) is None
    assert cr.days_waited(sent, sent + timedelta(days=12)) == 12
