"""Month arithmetic at its edges and the schedule's statuses, case by case and with hypothesis."""

import calendar
from datetime import date, timedelta
from itertools import pairwise

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from linkwork.measures.policy.schedule import (
    DONE,
    DUE,
    MISSED,
    NOT_NEEDED,
    OVERDUE,
    SCHEDULE_FILE,
    UPCOMING,
    ScheduleError,
    add_months,
    episode_schedule,
    load_schedule,
    schedule,
)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 10, 1), -6, date(2026, 4, 1)),
        (date(2026, 8, 31), -6, date(2026, 2, 28)),
        (date(2026, 5, 17), 0, date(2026, 5, 17)),
    ],
)
def test_add_months_edges(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(-240, 240))
def test_add_months_keeps_the_day_or_the_month_end(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_twelve_months_is_six_plus_six_except_at_month_ends(start):
    assert add_months(add_months(start, 6), 6) <= add_months(start, 12)
    if start.day <= 28:
        assert add_months(add_months(start, 6), 6) == add_months(start, 12)


def plan(received=date(2026, 9, 1), accepted=date(2026, 9, 15), taken=(), today=date(2026, 9, 20), closed_on=None):
    return {
        (m.point, m.instrument): m
        for m in episode_schedule(
            schedule(), received_on=received, accepted_on=accepted, closed_on=closed_on, taken=taken, today=today
        )
    }


def test_nothing_is_scheduled_before_the_person_accepts():
    assert plan(accepted=None) == {}


def test_baseline_is_due_at_acceptance_then_overdue_after_two_weeks_then_missed():
    base = plan()[("baseline", "ons4")]
    assert (base.due_on, base.opens_on, base.overdue_from, base.closes_on) == (
        date(2026, 9, 15),
        date(2026, 9, 15),
        date(2026, 9, 29),
        date(2026, 11, 15),
    )
    assert base.status == DUE
    assert plan(today=date(2026, 9, 28))[("baseline", "ons4")].status == DUE
    assert plan(today=date(2026, 9, 29))[("baseline", "ons4")].status == OVERDUE
    assert plan(today=date(2026, 11, 14))[("baseline", "ons4")].status == OVERDUE
    assert plan(today=date(2026, 11, 15))[("baseline", "ons4")].status == MISSED


def test_a_baseline_taken_at_the_first_conversation_before_acceptance_counts():
    base = plan(taken=[("ons4", date(2026, 9, 2))])[("baseline", "ons4")]
    assert base.status == DONE and base.taken_on == date(2026, 9, 2)


def test_six_and_twelve_months_from_a_month_end_acceptance():
    schedule_ = plan(accepted=date(2026, 8, 31), received=date(2026, 8, 20), today=date(2026, 9, 1))
    six, twelve = schedule_[("six_months", "ons4")], schedule_[("twelve_months", "ons4")]
    assert six.due_on == date(2027, 2, 28) and twelve.due_on == date(2027, 8, 31)
    assert six.status == UPCOMING and six.opens_on == date(2027, 1, 31)


def test_leap_day_acceptance_is_due_on_28_february_next_year():
    twelve = plan(received=date(2028, 2, 1), accepted=date(2028, 2, 29), today=date(2028, 3, 1))[
        ("twelve_months", "ons4")
    ]
    assert twelve.due_on == date(2029, 2, 28)


def test_a_response_counts_for_the_point_whose_window_holds_it():
    taken = [("ons4", date(2026, 9, 15)), ("ons4", date(2027, 3, 1))]
    schedule_ = plan(taken=taken, today=date(2027, 3, 10))
    assert schedule_[("baseline", "ons4")].status == DONE
    assert schedule_[("six_months", "ons4")].status == DONE
    assert schedule_[("six_months", "ons4")].taken_on == date(2027, 3, 1)
    assert schedule_[("twelve_months", "ons4")].status == UPCOMING
    # A SWEMWBS or a response far outside every window does not count for ONS4's points.
    stray = plan(taken=[("swemwbs", date(2027, 3, 15)), ("ons4", date(2026, 12, 25))], today=date(2027, 3, 20))
    assert stray[("six_months", "ons4")].status == DUE


def test_a_closed_episode_asks_for_nothing_more():
    closed = plan(taken=[("ons4", date(2026, 9, 15))], closed_on=date(2026, 12, 1), today=date(2027, 3, 20))
    assert closed[("baseline", "ons4")].status == DONE
    assert closed[("six_months", "ons4")].status == NOT_NEEDED
    discharged_late = plan(closed_on=date(2027, 3, 20), today=date(2027, 3, 25))
    assert discharged_late[("six_months", "ons4")].status == MISSED
    assert not any(m.is_outstanding for m in discharged_late.values())


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 30),
    st.integers(0, 900),
    st.lists(st.integers(-40, 900), max_size=6),
)
def test_statuses_follow_the_dates(accepted, waited, days_on, taken_offsets):
    received = accepted - timedelta(days=waited)
    today = accepted + timedelta(days=days_on)
    taken = [("ons4", received + timedelta(days=o)) for o in taken_offsets if received + timedelta(days=o) <= today]
    measures = episode_schedule(
        schedule(), received_on=received, accepted_on=accepted, closed_on=None, taken=taken, today=today
    )
    assert [m.point for m in measures] == ["baseline", "six_months", "twelve_months"]
    for earlier, later in pairwise(measures):
        assert earlier.closes_on <= later.opens_on  # windows never overlap, so one response counts once
    for m in measures:
        assert m.opens_on <= m.due_on < m.overdue_from <= m.closes_on
        if m.status == DONE:
            assert m.taken_on is not None and m.taken_on < m.closes_on
        elif m.status == UPCOMING:
            assert today < m.opens_on
        elif m.status == DUE:
            assert m.opens_on <= today < m.overdue_from
        elif m.status == OVERDUE:
            assert m.overdue_from <= today < m.closes_on
        else:
            assert m.status == MISSED and today >= m.closes_on


def test_the_schedule_file_is_checked(tmp_path):
    good = yaml.safe_load(SCHEDULE_FILE.read_text())
    overlapping = {**good, "points": [good["points"][0], {**good["points"][1], "offset_months": 1}]}
    path = tmp_path / "schedule.yaml"
    path.write_text(yaml.safe_dump(overlapping))
    with pytest.raises(ScheduleError, match="windows of baseline and six_months may overlap"):
        load_schedule(path)
    path.write_text(yaml.safe_dump({**good, "source": ""}))
    with pytest.raises(ScheduleError, match="source is required"):
        load_schedule(path)
