"""The rules of an activity record, as plain values: case by case and with hypothesis."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.activities import policy
from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.people.tests.factories import valid_nhs_number

TODAY = date(2026, 11, 20)
KINDS = ACTIVITY_KINDS.keys()


def problems(**overrides):
    values = {"occurred_on": TODAY, "minutes": 90, "kind": "group_session", "note": "", **overrides}
    return [(field, rule) for field, rule, _ in policy.activity_problems(**values, kinds=KINDS, today=TODAY)]


def test_the_kinds_come_from_the_seeds_and_each_names_its_source():
    # Seed 000: supporting a community service to be more accessible; for the vaccination programme, mass booking
    # calls and collating lists, supporting volunteers, marshalling. Seed 003: groups, MDT meetings, promoting.
    assert {"community_development", "vaccination_booking", "vaccination_support", "group_session", "mdt_meeting"} <= (
        set(KINDS)
    )
    assert all(term.extra.get("source", "").startswith("seed 00") for term in ACTIVITY_KINDS)


def test_a_plain_record_breaks_no_rule():
    assert problems() == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"occurred_on": None}, [("occurred_on", "required")]),
        ({"occurred_on": TODAY + timedelta(days=1)}, [("occurred_on", "not_in_future")]),
        ({"occurred_on": TODAY - timedelta(days=367)}, [("occurred_on", "too_old")]),
        ({"minutes": None}, [("minutes", "required")]),
        ({"minutes": 0}, [("minutes", "range")]),
        ({"minutes": 721}, [("minutes", "range")]),
        ({"minutes": "90"}, [("minutes", "number")]),
        ({"minutes": True}, [("minutes", "number")]),
        ({"kind": ""}, [("kind", "required")]),
        ({"kind": "home_visit"}, [("kind", "choice")]),
        ({"kind": "other"}, [("note", "required_for_other")]),
        ({"note": "x" * 1001}, [("note", "max_length")]),
    ],
)
def test_each_rule(overrides, expected):
    assert problems(**overrides) == expected


def test_every_problem_is_named_at_once():
    assert problems(occurred_on=None, minutes=0, kind="") == [
        ("occurred_on", "required"),
        ("minutes", "range"),
        ("kind", "required"),
    ]


@pytest.mark.parametrize("spacing", ["{}", "{0}{1}{2} {3}{4}{5} {6}{7}{8}{9}", "{0}{1}{2}-{3}{4}{5}-{6}{7}{8}{9}"])
def test_a_note_with_an_nhs_number_would_be_about_one_person(spacing):
    number = valid_nhs_number(3)
    written = number if spacing == "{}" else spacing.format(*number)
    assert problems(note=f"Booked {written} into the clinic") == [("note", "no_person")]


def test_other_long_numbers_are_fine():
    assert problems(note="Called 120 people; room 0113 496 0000 booked") == []
    assert not policy.names_an_nhs_number("9434765918")  # the check digit is wrong


@given(st.integers(-1000, 2000))
def test_minutes_from_one_to_twelve_hours(minutes):
    broken = ("minutes", "range") in problems(minutes=minutes)
    assert broken == (not 1 <= minutes <= 12 * 60)


@given(st.integers(-800, 30))
def test_dates_within_the_past_year(days_ago):
    found = problems(occurred_on=TODAY - timedelta(days=days_ago))
    if days_ago < 0:
        assert found == [("occurred_on", "not_in_future")]
    elif days_ago > 366:
        assert found == [("occurred_on", "too_old")]
    else:
        assert found == []
