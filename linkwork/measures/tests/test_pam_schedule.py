"""PAM's schedule and reassessment interval, case by case and with hypothesis. Expected values from seed 003 Appendix 6:
"When the person is initially referred to the link worker and every 6 months, for a minimum of one year"; "A PAM
reassessment can be undertaken sooner than six months (but no less than three months) if a person has accessed and
undertaken the prescribed support/intervention"; and PAM licences are the PCN's (seed 003 Appendix 6, seed 000)."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from linkwork.core.dates import add_months
from linkwork.measures.instruments import registry
from linkwork.measures.policy.reassessment import SUPPORT_FIRST, TOO_SOON, check_reassessment
from linkwork.measures.policy.schedule import DONE, DUE, OVERDUE, UPCOMING, episode_schedule, schedule

# The seed's months, not the definition's: the definition must agree with them.
EVERY_MONTHS, NOT_SOONER_THAN_MONTHS = 6, 3
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


def pam(accepted=date(2026, 9, 15), taken=(), today=date(2026, 9, 20), licensed=frozenset({"pam"}), **kwargs):
    kwargs.setdefault("received_on", accepted - timedelta(days=10))
    return {
        m.point: m
        for m in episode_schedule(
            schedule(),
            accepted_on=accepted,
            closed_on=kwargs.pop("closed_on", None),
            taken=[("pam", d) for d in taken],
            today=today,
            licensed=licensed,
            **kwargs,
        )
        if m.instrument == "pam"
    }


def test_the_pam_definition_keeps_the_seeds_months():
    definition = registry().current("pam")
    assert (definition.reassessment_months, definition.min_interval_months) == (EVERY_MONTHS, NOT_SOONER_THAN_MONTHS)


def test_without_the_pcns_licence_pam_is_not_scheduled():
    assert pam(licensed=frozenset()) == {}
    assert pam(licensed=frozenset({"wellbeing_star"})) == {}


def test_with_it_pam_is_due_at_the_first_meeting_then_every_six_months_for_a_year():
    points = pam()
    assert list(points) == ["baseline", "six_months", "twelve_months"]
    assert [m.due_on for m in points.values()] == [date(2026, 9, 15), date(2027, 3, 15), date(2027, 9, 15)]
    assert points["baseline"].status == DUE
    # The first conversation may come before acceptance is recorded.
    assert pam(taken=[date(2026, 9, 8)])["baseline"].status == DONE


def test_a_reassessment_from_three_months_counts_for_the_next_point_but_is_not_asked_for_until_it_opens():
    baseline = date(2026, 9, 15)
    early = pam(taken=[baseline, date(2026, 12, 15)], today=date(2027, 1, 10))
    assert early["six_months"].status == DONE and early["six_months"].taken_on == date(2026, 12, 15)
    too_early = pam(taken=[baseline, date(2026, 12, 14)], today=date(2027, 1, 10))
    assert too_early["six_months"].status == UPCOMING  # a day short of three months: not this point's
    asked = pam(taken=[baseline], today=date(2027, 2, 14))
    assert asked["six_months"].status == UPCOMING and asked["six_months"].opens_on == date(2027, 2, 15)
    assert pam(taken=[baseline], today=date(2027, 2, 15))["six_months"].status == DUE


@given(days, st.integers(0, 900), st.lists(st.integers(-20, 900), max_size=6))
def test_pam_points_never_share_a_response_and_are_due_only_in_their_windows(accepted, days_on, offsets):
    today = accepted + timedelta(days=days_on)
    taken = sorted({accepted + timedelta(days=o) for o in offsets if accepted + timedelta(days=o) <= today})
    points = pam(accepted=accepted, taken=taken, today=today)
    assert [m.due_on for m in points.values()] == [add_months(accepted, k * EVERY_MONTHS) for k in range(3)]
    counted = [m.taken_on for m in points.values() if m.status == DONE]
    assert len(counted) == len(set(counted))  # one response never counts twice
    for earlier, later in zip(list(points.values()), list(points.values())[1:], strict=False):
        if later.status == DONE:
            assert later.taken_on >= add_months(earlier.due_on, NOT_SOONER_THAN_MONTHS)
    for m in points.values():
        if m.status in (DUE, OVERDUE):
            assert m.opens_on <= today < m.closes_on and not any(m.opens_on <= d < m.closes_on for d in taken)


@given(days, st.integers(0, 900))
def test_pam_is_due_on_the_same_days_as_ons4_where_licensed(accepted, days_on):
    plan = episode_schedule(
        schedule(),
        received_on=accepted,
        accepted_on=accepted,
        closed_on=None,
        taken=[],
        today=accepted + timedelta(days=days_on),
        licensed=frozenset({"pam"}),
    )
    due = {(m.instrument, m.point): m.due_on for m in plan}
    for point in ("baseline", "six_months", "twelve_months"):
        assert due[("pam", point)] == due[("ons4", point)]


@pytest.mark.parametrize(
    ("months_after", "days_after", "support", "rule"),
    [
        (2, 30, True, TOO_SOON),  # two months and 30 days: too soon whatever happened
        (3, 0, None, SUPPORT_FIRST),  # three months, but the person has not taken up the support
        (3, 0, False, SUPPORT_FIRST),
        (3, 0, True, None),  # three months to the day, after taking up the support
        (5, 27, True, None),
        (6, 0, None, None),  # every six months needs nothing more
        (9, 0, False, None),
    ],
)
def test_reassessment_interval(months_after, days_after, support, rule):
    last = date(2026, 10, 31)
    taken_on = add_months(last, months_after) + timedelta(days=days_after)
    refusal = check_reassessment(
        taken_on, [last], min_months=NOT_SOONER_THAN_MONTHS, usual_months=EVERY_MONTHS, support_taken_up=support
    )
    assert (refusal.rule if refusal else None) == rule


@given(days, st.integers(1, 500), st.sampled_from([None, True, False]))
def test_reassessment_follows_the_seeds_months(last, gap, support):
    taken_on = last + timedelta(days=gap)
    refusal = check_reassessment(
        taken_on, [last], min_months=NOT_SOONER_THAN_MONTHS, usual_months=EVERY_MONTHS, support_taken_up=support
    )
    if taken_on < add_months(last, NOT_SOONER_THAN_MONTHS):
        assert refusal is not None and refusal.rule == TOO_SOON
        assert refusal.earliest == add_months(last, NOT_SOONER_THAN_MONTHS)
    elif taken_on < add_months(last, EVERY_MONTHS) and not support:
        assert refusal is not None and refusal.rule == SUPPORT_FIRST
        assert refusal.earliest == add_months(last, EVERY_MONTHS)
    else:
        assert refusal is None


@given(days, st.integers(1, 89), st.sampled_from([None, True, False]))
def test_never_within_three_months_of_another_before_or_after(day, gap, support):
    other = day + timedelta(days=gap)
    assume(day < add_months(other, NOT_SOONER_THAN_MONTHS) and other < add_months(day, NOT_SOONER_THAN_MONTHS))
    refusal = check_reassessment(
        day, [other], min_months=NOT_SOONER_THAN_MONTHS, usual_months=EVERY_MONTHS, support_taken_up=support
    )
    assert refusal is not None and refusal.rule == TOO_SOON
