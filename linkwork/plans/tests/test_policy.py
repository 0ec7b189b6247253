from datetime import date

import pytest

from linkwork.plans import policy as plan_policy
from linkwork.plans.policy import DUE, OVERDUE

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("review_on", "expected"),
    [
        (None, None),
        (date(2026, 11, 19), OVERDUE),
        (date(2026, 1, 1), OVERDUE),
        (date(2026, 11, 20), DUE),
        (date(2026, 11, 27), DUE),
        (date(2026, 11, 28), None),
    ],
)
def test_review_is_due_within_a_week_and_overdue_after_its_day(review_on, expected):
    assert plan_policy.review_state(review_on, TODAY, due_within_days=7) == expected


def test_an_ended_episodes_review_is_not_flagged():
    assert plan_policy.review_state(date(2026, 11, 1), TODAY, due_within_days=7, episode_open=False) is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 5, 17), 6, date(2026, 11, 17)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_part_two_falls_about_six_months_on(start, months, expected):
    assert plan_policy.part_two_from(start, months) == expected


def test_after_close_only_part_two_may_change():
    assert plan_policy.frozen_after_close({"changes", "share_story", "evaluation", "satisfaction_survey"}) == []
    assert plan_policy.frozen_after_close({"what_matters", "changes", "review_on"}) == ["review_on", "what_matters"]


def test_changed_sections_between_snapshots():
    first = {"sections": {"what_matters": "a", "support": "b"}}
    second = {"sections": {"what_matters": "a", "support": "c"}}
    assert plan_policy.changed_sections(None, first) == []
    assert plan_policy.changed_sections(first, second) == ["support"]
