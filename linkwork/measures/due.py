"""What is due or overdue across many episodes at once (the caseload), in two queries whatever their number.

The caller passes the ids of episodes it has already reached through `Referral.objects.for_user`; the
schedule itself is the pure `schedule.episode_schedule`. PAM is scheduled only for episodes of PCNs that hold a PAM
licence (measures.licences), read from the same query through the episode's PCN.
"""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from linkwork.measures.licences import licensed_for
from linkwork.measures.models import MeasureResponse
from linkwork.measures.policy.schedule import MeasureDue, episode_schedule, schedule
from linkwork.referrals.models import Referral


def schedules_for(referral_ids: Iterable[UUID], today: date) -> dict[UUID, list[MeasureDue]]:
    """Every scheduled measure of each episode with its status on `today` (empty for episodes not accepted)."""
    ids = list(referral_ids)
    plan = schedule()
    episodes = Referral.objects.filter(pk__in=ids).values_list(
        "id", "received_on", "accepted_on", "closed_on", "pcn__code"
    )
    taken: dict[UUID, list[tuple[str, date]]] = {}
    unsuitable: dict[UUID, set[str]] = {}  # no longer scheduled once the person was found not suitable (PAM)
    for referral_id, instrument, taken_on, not_suitable_reason in MeasureResponse.objects.filter(
        referral_id__in=ids, instrument__in=plan.instruments
    ).values_list("referral_id", "instrument", "taken_on", "not_suitable_reason"):
        taken.setdefault(referral_id, []).append((instrument, taken_on))
        if not_suitable_reason:
            unsuitable.setdefault(referral_id, set()).add(instrument)
    return {
        pk: episode_schedule(
            plan,
            received_on=received_on,
            accepted_on=accepted_on,
            closed_on=closed_on,
            taken=taken.get(pk, ()),
            today=today,
            licensed=licensed_for(pcn_code) - unsuitable.get(pk, set()),
        )
        for pk, received_on, accepted_on, closed_on, pcn_code in episodes
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
