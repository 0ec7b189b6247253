"""Which plans' agreed reviews are near or past, for the caseload (seed 003: review at agreed intervals)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from linkwork.plans import policy as plan_policy
from linkwork.plans.models import CarePlan
from linkwork.plans.sections import REVIEW
from linkwork.referrals import policy as episode_policy


@dataclass(frozen=True)
class ReviewDue:
    referral_id: UUID
    review_on: date
    state: str  # plan_policy.DUE or plan_policy.OVERDUE

    @property
    def label(self) -> str:
        return "Review overdue" if self.state == plan_policy.OVERDUE else "Review due"


def plan_reviews_due_for(referral_ids: Iterable[UUID], today: date) -> dict[UUID, ReviewDue]:
    """The reviews that are due (within data/review.yaml's `due_within_days`) or overdue, by referral id.

    One query whatever the number of referrals. Callers pass ids they have already scoped (e.g. a page of
    the caseload); episodes that have ended are left out (plan_policy.review_state).
    """
    ids = list(referral_ids)
    if not ids:
        return {}
    horizon = today + timedelta(days=REVIEW.due_within_days)
    rows = CarePlan.objects.filter(
        referral_id__in=ids, review_on__lte=horizon, referral__status__in=episode_policy.OPEN_STATUSES
    ).values_list("referral_id", "review_on")
    found = {}
    for referral_id, review_on in rows:
        state = plan_policy.review_state(review_on, today, due_within_days=REVIEW.due_within_days)
        if state is not None:
            found[referral_id] = ReviewDue(referral_id=referral_id, review_on=review_on, state=state)
    return found
