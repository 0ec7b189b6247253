"""Rules for care plans as plain values in and out (ADR 0003): when a review is due, when part two falls, what
may still change once an episode has ended, and what changed between two versions."""

from datetime import date, timedelta

from linkwork.core.dates import add_months

DUE = "due"
OVERDUE = "overdue"

# What may change once the episode has ended (discharged or declined). Part one and the goals record what was
# agreed while the link worker was supporting the person, so they are frozen; part two is asked "after about
# six months" (seed 003 Appendix 4), which often falls after discharge, so it stays open.
CHANGEABLE_AFTER_CLOSE = frozenset({"changes", "share_story", "satisfaction_survey", "evaluation"})


def review_state(review_on: date | None, today: date, *, due_within_days: int, episode_open: bool = True) -> str | None:
    """ "overdue" after the review date, "due" from `due_within_days` before it to the day itself, else None.

    Only an open episode's review is flagged: after discharge nobody is expected to hold the review.
    """
    if review_on is None or not episode_open:
        return None
    if review_on < today:
        return OVERDUE
    if review_on <= today + timedelta(days=due_within_days):
        return DUE
    return None


def part_two_from(plan_made_on: date, after_months: int) -> date:
    """When part two of the plan falls due: about `after_months` after the plan was made (seed 003 Appendix 4)."""
    return add_months(plan_made_on, after_months)


def frozen_after_close(changed_fields: set[str] | frozenset[str]) -> list[str]:
    """The changed fields that may no longer change because the episode has ended, in a stable order."""
    return sorted(changed_fields - CHANGEABLE_AFTER_CLOSE)


def changed_sections(before: dict | None, after: dict) -> list[str]:
    """The plan fields whose value differs between two snapshots' "sections" (none for the first version)."""
    if before is None:
        return []
    old = before.get("sections", {})
    return [key for key, value in after.get("sections", {}).items() if old.get(key) != value]
