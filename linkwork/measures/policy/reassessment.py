"""How soon a measure may be taken again in the same episode. Pure: plain values.

Seed 003 Appendix 6 on PAM: "A follow up PAM assessment should be done at least every six months ... A PAM
reassessment can be undertaken sooner than six months (but no less than three months) if a person has accessed and
undertaken the prescribed support/intervention." The months are the definition's (pam.yaml: min_interval_months,
reassessment_months); whether the person has taken up the support is the link worker's word, recorded with the score.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from linkwork.core.dates import add_months

TOO_SOON = "min_interval"
SUPPORT_FIRST = "support_first"


@dataclass(frozen=True)
class Refusal:
    rule: str  # TOO_SOON or SUPPORT_FIRST
    other: date  # the assessment it is too close to
    earliest: date  # the first day it could be taken (for SUPPORT_FIRST: without the support taken up)


def check_reassessment(
    taken_on: date,
    others: Iterable[date],
    *,
    min_months: int,
    usual_months: int | None,
    support_taken_up: bool | None,
) -> Refusal | None:
    """None if an assessment on `taken_on` may join the episode's `others`; else why not.

    Never within `min_months` of another, before or after it. Sooner than `usual_months` after the latest earlier
    one only when the person has taken up the support.
    """
    ordered = sorted(others)
    for other in ordered:
        if taken_on < add_months(other, min_months) and other < add_months(taken_on, min_months):
            return Refusal(TOO_SOON, other, add_months(other, min_months))
    earlier = [other for other in ordered if other < taken_on]
    if usual_months is not None and earlier and not support_taken_up:
        last = earlier[-1]
        if taken_on < add_months(last, usual_months):
            return Refusal(SUPPORT_FIRST, last, add_months(last, usual_months))
    return None
