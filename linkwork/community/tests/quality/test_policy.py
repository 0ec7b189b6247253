"""The quality assurance date rules: review a year after signing, catch-ups and surveys every six months, at
month ends and in leap years, and exactly where "current" becomes "due" and "due" becomes "overdue"."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.community.quality import policy
from linkwork.community.quality.policy import CURRENT, DUE, DUE_WITHIN_DAYS, NONE, OVERDUE
from linkwork.core.dates import add_months

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
months = st.integers(min_value=1, max_value=36)


@pytest.mark.parametrize(
    ("signed_on", "due_on"),
    [
        (date(2026, 11, 20), date(2027, 11, 20)),
        (date(2028, 2, 29), date(2029, 2, 28)),  # a leap day's anniversary falls on 28 February
        (date(2027, 2, 28), date(2028, 2, 28)),  # not moved to the leap day
        (date(2026, 12, 31), date(2027, 12, 31)),
    ],
)
def test_the_review_falls_due_a_year_after_signing(signed_on, due_on):
    assert policy.agreement_review_due(signed_on, 12) == due_on


@pytest.mark.parametrize(
    ("last_on", "next_on"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),  # month end into a short February
        (date(2027, 8, 31), date(2028, 2, 29)),  # ... and into a leap February
        (date(2026, 3, 31), date(2026, 9, 30)),
        (date(2026, 12, 15), date(2027, 6, 15)),
    ],
)
def test_six_months_on_at_month_ends(last_on, next_on):
    assert add_months(last_on, 6) == next_on
    assert policy.every_months_state(last_on, 6, next_on) == OVERDUE
    assert policy.every_months_state(last_on, 6, next_on - timedelta(days=1)) == DUE


@given(days)
def test_a_year_on_is_the_same_day_or_the_end_of_february(signed_on):
    due = policy.agreement_review_due(signed_on, 12)
    assert (due.year, due.month) == (signed_on.year + 1, signed_on.month)
    assert due.day == signed_on.day or (signed_on.month, signed_on.day, due.day) == (2, 29, 28)
    assert (due - signed_on).days in (365, 366)


@given(days, months)
def test_months_on_never_overshoots_the_month(start, n):
    later = add_months(start, n)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == n
    assert later.day <= start.day
    assert later > start


@given(days, st.integers(min_value=-400, max_value=400))
def test_agreement_state_boundaries(today, offset):
    review_due_on = today + timedelta(days=offset)
    state = policy.agreement_state(review_due_on, None, today)
    if offset <= 0:
        assert state == OVERDUE
    elif offset <= DUE_WITHIN_DAYS:
        assert state == DUE
    else:
        assert state == CURRENT
    assert policy.agreement_is_current(state) == (offset > 0)


@given(days, st.integers(min_value=-400, max_value=400), days)
def test_a_change_of_leadership_lapses_any_agreement(today, offset, changed_on):
    state = policy.agreement_state(today + timedelta(days=offset), changed_on, today)
    assert state == OVERDUE and not policy.agreement_is_current(state)


def test_no_agreement_is_none_and_not_current():
    assert policy.agreement_state(None, None, date(2026, 11, 20)) == NONE
    assert not policy.agreement_is_current(NONE)


def test_exact_agreement_boundaries():
    today = date(2026, 11, 20)
    assert policy.agreement_state(today, None, today) == OVERDUE
    assert policy.agreement_state(today + timedelta(days=1), None, today) == DUE
    assert policy.agreement_state(today + timedelta(days=30), None, today) == DUE
    assert policy.agreement_state(today + timedelta(days=31), None, today) == CURRENT


@given(days, days)
def test_every_months_state_against_the_next_date(last_on, today):
    next_on = add_months(last_on, 6)
    state = policy.every_months_state(last_on, 6, today)
    if next_on <= today:
        assert state == OVERDUE
    elif next_on <= today + timedelta(days=DUE_WITHIN_DAYS):
        assert state == DUE
    else:
        assert state == CURRENT


@given(days)
def test_never_held_is_overdue(today):
    assert policy.every_months_state(None, 6, today) == OVERDUE


@given(days, st.integers(min_value=-60, max_value=60), st.one_of(st.none(), st.integers(min_value=-60, max_value=60)))
def test_an_exception_applies_from_its_day_until_the_day_it_ends(today, granted, expires):
    granted_on = today + timedelta(days=granted)
    expires_on = None if expires is None else today + timedelta(days=expires)
    applies = policy.exception_applies(granted_on, expires_on, today)
    assert applies == (granted <= 0 and (expires is None or expires > 0))


# Seed 003 Appendix 5 process, steps 2 to 5: a prompt sheet worked through together, then the agreement, only when the
# link worker is confident; otherwise the PCN line manager decides (a recorded exception).
@pytest.mark.parametrize(
    ("latest", "named", "exception", "refusal"),
    [
        (None, None, False, policy.PROMPT_SHEET_REQUIRED),  # no prompt sheet yet
        (False, None, False, policy.NOT_CONFIDENT),  # the last one was not confident
        (False, True, False, policy.NOT_CONFIDENT),  # an older confident one does not outweigh it
        (True, False, False, policy.NOT_CONFIDENT),  # the one it names was not confident
        (True, None, False, None),
        (True, True, False, None),
        (None, None, True, None),  # the PCN manager's exception
        (False, False, True, None),
    ],
)
def test_an_agreement_follows_a_confident_prompt_sheet_or_an_exception(latest, named, exception, refusal):
    assert policy.agreement_refusal(latest, named, exception) == refusal


@given(st.sampled_from([None, True, False]), st.sampled_from([None, True, False]), st.booleans())
def test_an_agreement_is_refused_exactly_when_nothing_vouches_for_it(latest, named, exception):
    refusal = policy.agreement_refusal(latest, named, exception)
    vouched = exception or (latest is True and named is not False)
    assert (refusal is None) == vouched
    if refusal is not None:
        assert refusal == (policy.PROMPT_SHEET_REQUIRED if latest is None else policy.NOT_CONFIDENT)
