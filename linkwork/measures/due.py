"""What is due or overdue across many episodes at once (the caseload), in two queries whatever their number.

The caller passes the ids of episodes it has already reached through `Referral.objects.for_user`; the
schedule itself is the pure `schedule.episode_schedule`.
"""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from linkwork.measures.models import MeasureResponse
from linkwork.measures.policy.schedule import MeasureDue, episode_schedule, schedule
from linkwork.referrals.models import Referral


def schedules_for(referral_ids: Iterable[UUID], today: date) -> dict[UUID, list[MeasureDue]]:
    """Every scheduled measure of each episode with its status on `today` (empty for episodes not accepted)."""
    ids = list(referral_ids)
    plan = schedule()
    episodes = Referral.objects.filter(pk__in=ids).values_list("id", "received_on", "accepted_on", "closed_on")
    taken: dict[UUID, list[tuple[str, date]]] = {}
    for referral_id, instrument, taken_on in MeasureResponse.objects.filter(
        referral_id__in=ids, instrument__in=plan.instruments
    ).values_list("referral_id", "instrument", "taken_on"):
        taken.setdefault(referral_id, []).append((instrument, taken_on))
    return {
        pk: episode_schedule(
            plan,
            received_on=received_on,
            accepted_on=accepted_on,
            closed_on=closed_on,
            taken=taken.get(pk, ()),
            today=today,
        )
        for pk, received_on, accepted_on, closed_on in episodes
    }


def measures_due_for(referral_ids: Iterable[UUID], today: date) -> dict[UUID, list[MeasureDue]]:
    """The measures due or overdue on `today`, by episode; episodes with nothing outstanding are left out.

    For the caseload: `measures_due_for([row.referral_id for row in rows], today)` costs two queries for a
    page of any size. Each MeasureDue names the instrument, the point (baseline, 6 months, 12 months), the
    due date, `status` ("due" or "overdue") and `overdue_from`.
    """
    out = {}
    for pk, measures in schedules_for(referral_ids, today).items():
        outstanding = [m for m in measures if m.is_outstanding]
        if outstanding:
            out[pk] = outstanding
    return out
