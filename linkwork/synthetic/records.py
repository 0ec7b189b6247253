"""Turn a chunk's people, episodes and timeline into database rows, column by column.

Rows are what the services would have written had each step been recorded through the application: a
status change for every change of status (episode_policy), a coding event for exactly the contacts the
coding rules code (coding.policy), due a week after the contact.
"""

import numpy as np

from linkwork.coding.catalogue import catalogue, purpose_is_codable
from linkwork.referrals.policy import ACCEPTED, DECLINED, FOLLOW_UP, NO_RESPONSE
from linkwork.synthetic import distributions as dist
from linkwork.synthetic import ids
from linkwork.synthetic.clock import NULL, Clock, day_date, from_working_index, working_index, working_time
from linkwork.synthetic.episodes import CRITERION_KEYS, REASON_KEYS, REFERRER_KEYS, Episodes, choice
from linkwork.synthetic.people import People
from linkwork.synthetic.timeline import ATTEMPT, REACH, S_DISCHARGED, STATUSES, Timeline
from linkwork.synthetic.world import HOLDER_ROLES, World

PURPOSE = "social_prescribing"
MINUTE = 60


def _pick(rng, options, n: int, share: float) -> np.ndarray:
    """A str column: one of `options` for a `share` of rows, "" for the rest."""
    choices = np.array(("", *options))
    picked = rng.integers(1, len(choices), n)
    return choices[np.where(rng.random(n) < share, picked, 0)]


def _entry_delay(rng, n: int) -> np.ndarray:
    band = choice(rng, [share for share, _, _ in dist.ENTRY_DELAY], n)
    lo = np.array([lo for _, lo, _ in dist.ENTRY_DELAY])[band]
    hi = np.array([hi for _, _, hi in dist.ENTRY_DELAY])[band]
    return lo + (rng.random(n) * (hi + 1 - lo)).astype(np.int64)


def _codable_days(days: np.ndarray) -> np.ndarray:
    """Whether a social prescribing contact on each day may be coded at all (coding rules R6, R7)."""
    unique, inverse = np.unique(days, return_inverse=True)
    ok = np.array([purpose_is_codable(PURPOSE, day_date(d)) for d in unique], dtype=bool)
    return ok[inverse]


def build(
    world: World, people: People, ep: Episodes, tl: Timeline, rng: np.random.Generator, uid: ids.Uuids, clock: Clock
) -> dict[str, dict]:
    n_ref, n_con = len(ep), len(tl.episode)
    referral_ids = uid(n_ref)
    holder = world.holder_ids[ep.pcn, ep.holder]
    staff = world.practice_staff[ep.practice]
    referred_by = np.where(ep.by_practice_staff, staff, holder)
    contacted = tl.last_contact >= 0
    assigned = np.where(ep.by_practice_staff & ~contacted, b"", holder)
    reach = np.maximum(tl.reach, 0)
    has_reach = tl.reach >= 0
    occurred = tl.occurred if n_con else np.zeros(1, dtype=np.int64)  # so indexing an empty chunk works
    contact_day = tl.day if n_con else np.zeros(1, dtype=np.int64)
    entered = tl.entered if n_con else np.zeros(1, dtype=np.int64)
    updated = np.maximum(tl.created, np.where(contacted, entered[np.maximum(tl.last_contact, 0)], NULL))
    updated = np.maximum(updated, tl.discharge_at)
    referrer = np.array(REFERRER_KEYS)[ep.referrer]
    other_detail = np.array(dist.OTHER_REFERRER_DETAILS)[rng.integers(0, len(dist.OTHER_REFERRER_DETAILS), n_ref)]
    referrals = {
        "id": referral_ids,
        "created_at": tl.created,
        "updated_at": updated,
        "created_by_id": referred_by,
        "person_id": people.ids[ep.person],
        "pcn_id": world.pcn_ids[ep.pcn],
        "practice_id": world.practice_ids[ep.practice],
        "received_on": ep.received,
        "referrer_type": referrer,
        "referrer_detail": np.where(referrer == "other", other_detail, ""),
        "referred_by_id": referred_by,
        "urgency": np.where(ep.urgent, "urgent", "routine"),
        "context": ep.context,
        "status": np.array(STATUSES)[tl.status],
        "assigned_to_id": assigned,
        "first_contact_at": np.where(has_reach, occurred[reach], NULL),
        "accepted_on": np.where(has_reach & (ep.outcome == dist.ACCEPTED), contact_day[reach], NULL),
        "closed_on": tl.closed_day,
        "discharge_reason": tl.discharge_reason,
        "discharge_note": np.where(
            tl.discharge_reason == "other", _pick(rng, dist.OTHER_DISCHARGE_NOTES, n_ref, 1.0), ""
        ),
    }

    def child_rows(mask: np.ndarray, keys: tuple[str, ...], column: str) -> dict:
        ref, col = np.nonzero(mask)
        return {
            "id": uid(len(ref)),
            "created_at": tl.created[ref],
            "updated_at": tl.created[ref],
            "created_by_id": referred_by[ref],
            "referral_id": referral_ids[ref],
            column: np.array(keys)[col],
        }

    reasons = child_rows(ep.reasons, REASON_KEYS, "reason")
    criteria = child_rows(ep.criteria, CRITERION_KEYS, "criterion")

    # Contacts
    ce = tl.episode
    practitioner = world.holder_ids[ep.pcn[ce], tl.holder_col]
    role = np.array(HOLDER_ROLES)[world.holder_roles[ep.pcn[ce], tl.holder_col]]
    reach_outcome = np.where(ep.outcome[ce] == dist.ACCEPTED, ACCEPTED, DECLINED)
    outcome = np.where(tl.kind == ATTEMPT, NO_RESPONSE, np.where(tl.kind == REACH, reach_outcome, FOLLOW_UP))
    contact_ids = uid(n_con)
    contacts = {
        "id": contact_ids,
        "created_at": tl.entered,
        "updated_at": tl.entered,
        "created_by_id": practitioner,
        "referral_id": referral_ids[ce],
        "occurred_at": tl.occurred,
        "mode": np.array(dist.MODES)[tl.mode],
        "duration_minutes": tl.minutes,
        "reached": tl.kind != ATTEMPT,
        "outcome": outcome,
        "purpose": PURPOSE,
        "practitioner_id": practitioner,
        "practitioner_role": role,
        "note": np.where(tl.kind == ATTEMPT, "", _pick(rng, dist.NOTES, n_con, dist.NOTE_SHARE)),
    }

    # Status changes: received; accepted or declined; discharged.
    r_all = np.arange(n_ref)
    r_reach = r_all[has_reach]
    r_dis = r_all[tl.status == S_DISCHARGED]
    waiting, active, declined, discharged = STATUSES
    reach_to = np.where(ep.outcome[r_reach] == dist.ACCEPTED, active, declined)
    dis_from = np.where(has_reach[r_dis], active, waiting)
    ref = np.concatenate([r_all, r_reach, r_dis])
    at = np.concatenate([tl.created, tl.entered[reach[r_reach]], tl.discharge_at[r_dis]])
    order = np.lexsort((at, ref))
    changes = {
        "id": uid(len(ref)),
        "created_at": at[order],
        "updated_at": at[order],
        "created_by_id": np.concatenate([referred_by, holder[r_reach], holder[r_dis]])[order],
        "referral_id": referral_ids[ref[order]],
        "from_status": np.concatenate([np.full(n_ref, ""), np.full(len(r_reach), waiting), dis_from])[order],
        "to_status": np.concatenate([np.full(n_ref, waiting), reach_to, np.full(len(r_dis), discharged)])[order],
        "reason": np.concatenate(
            [
                np.full(n_ref, "referral received"),
                np.char.add("contact outcome: ", np.where(reach_to == active, ACCEPTED, DECLINED)),
                np.char.add("discharged: ", tl.discharge_reason[r_dis]),
            ]
        )[order],
    }

    # Coding events: the coding rules code a link worker's accepting or declining contact, once per episode.
    codes = catalogue()
    coded = (tl.kind == REACH) & np.isin(role, list(codes.coded_roles)) & _codable_days(tl.day)
    c = np.nonzero(coded)[0]
    n_code = len(c)
    is_accept = outcome[c] == ACCEPTED
    delay = _entry_delay(rng, n_code)
    entered_day = from_working_index(working_index(tl.day[c]) + delay)
    entered_at = clock.local_to_utc(entered_day, working_time(rng, n_code, 9, 17))
    entered_at = np.maximum(entered_at, tl.entered[c] + 10 * MINUTE)
    staff_c = staff[ce[c]]  # b"" where the practice has no staff user here: entered by someone without an account
    is_entered = clock.local_day(entered_at) <= clock.last_day
    due = codes.due_within_days
    coding = {
        "id": uid(n_code),
        "created_at": tl.entered[c],
        "updated_at": np.where(is_entered, entered_at, tl.entered[c]),
        "created_by_id": practitioner[c],
        "referral_id": referral_ids[ce[c]],
        "contact_id": contact_ids[c],
        "person_id": people.ids[ep.person[ce[c]]],
        "practice_id": world.practice_ids[ep.practice[ce[c]]],
        "code": np.where(is_accept, codes.accepted.id, codes.declined.id),
        "term": np.where(is_accept, codes.accepted.term, codes.declined.term),
        "contact_date": tl.day[c],
        "due_by": tl.day[c] + due,
        "status": np.where(is_entered, "entered", "pending"),
        "entered_by_id": np.where(is_entered, staff_c, b""),
        "entered_at": np.where(is_entered, entered_at, NULL),
    }

    # People: registered when their first referral was recorded, by whoever recorded it.
    first = np.nonzero(ep.number == 0)[0]
    person_rows = dict(people.columns)
    person_rows.update(created_at=tl.created[first], updated_at=tl.created[first], created_by_id=referred_by[first])
    return {
        "person": person_rows,
        "referral": referrals,
        "referralreason": reasons,
        "referralcriterion": criteria,
        "contact": contacts,
        "referralstatuschange": changes,
        "codingevent": coding,
    }
