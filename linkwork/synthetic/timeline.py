"""What happens in each episode, day by day: attempts to reach the person, the contact where they accept or
decline, follow-ups, and the discharge. Anything planned after the last day of the history has not
happened yet, which leaves the newest episodes waiting or active, as a live caseload would be.
"""

from dataclasses import dataclass

import numpy as np

from linkwork.referrals import policy as episode_policy
from linkwork.synthetic import distributions as dist
from linkwork.synthetic.clock import NULL, Clock, from_working_index, working_index, working_time
from linkwork.synthetic.episodes import Episodes, choice

# Contact kinds, per contact
ATTEMPT, REACH, FOLLOW_UP = 0, 1, 2
# Episode statuses, as indexes into STATUSES (the episode rules' names)
STATUSES = (episode_policy.WAITING, episode_policy.ACTIVE, episode_policy.DECLINED_STATUS, episode_policy.DISCHARGED)
S_WAITING, S_ACTIVE, S_DECLINED, S_DISCHARGED = range(4)
MINUTE = 60


@dataclass
class Timeline:
    # per episode
    created: np.ndarray  # moment the referral was recorded
    status: np.ndarray  # index into STATUSES
    reach: np.ndarray  # row in the contact arrays of the accepting/declining contact, -1 if none (yet)
    closed_day: np.ndarray  # day number or NULL
    discharge_at: np.ndarray  # moment or NULL
    discharge_reason: np.ndarray  # str, "" if not discharged
    last_contact: np.ndarray  # row of the episode's last contact, -1 if none
    follow: np.ndarray  # follow-up contacts planned after the accepting one (some may not have happened yet)
    long_support: np.ndarray  # bool: supported for many months (dist.LONG_SUPPORT_DAYS)
    # per contact (only those that have happened)
    episode: np.ndarray
    kind: np.ndarray
    day: np.ndarray
    occurred: np.ndarray
    entered: np.ndarray  # moment the practitioner recorded it
    holder_col: np.ndarray  # practitioner, as a column in world.holder_ids[pcn]
    mode: np.ndarray  # index into dist.MODES
    minutes: np.ndarray


def _grouped_cumsum(values: np.ndarray, starts: np.ndarray, group: np.ndarray) -> np.ndarray:
    total = np.cumsum(values)
    return total - total[starts][group] + values[starts][group]


def _minutes(rng, kind: str, n: int) -> np.ndarray:
    lo, hi = dist.MINUTES[kind]
    if kind == "attempt":
        return rng.integers(lo, hi + 1, n)
    return rng.integers(lo // 5, hi // 5 + 1, n) * 5


def _next_received(ep: Episodes) -> np.ndarray:
    """The day the person's next referral is received, or a day far in the future for their last one."""
    n = len(ep)
    later = np.full(n, np.iinfo(np.int64).max // 4)
    if n > 1:
        same = ep.person[1:] == ep.person[:-1]
        later[:-1] = np.where(same, ep.received[1:], later[:-1])
    return later


def _long_support(ep: Episodes, accepted, reach_index, long_rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(long, working days of support) for the episodes supported for many months: only where the episode would
    end (last contact, then up to a week to discharge) before the person's next referral arrives."""
    bands = dist.LONG_SUPPORT_DAYS
    band = choice(long_rng, [share for share, _, _ in bands], n)
    lo = np.array([lo for _, lo, _ in bands])[band]
    hi = np.array([hi for _, _, hi in bands])[band]
    days = lo + (long_rng.random(n) * (hi + 1 - lo)).astype(np.int64)
    wanted = accepted & (long_rng.random(n) < dist.LONG_SUPPORT_SHARE)
    support = np.round(days * 5 / 7).astype(np.int64)
    room = working_index(_next_received(ep)) - reach_index - dist.DISCHARGE_AFTER_LAST_CONTACT_DAYS[1] - 5
    return wanted & (support + 1 < room), support


def make_timeline(
    ep: Episodes,
    holder_count: np.ndarray,
    rng: np.random.Generator,
    clock: Clock,
    long_rng: np.random.Generator | None = None,
) -> Timeline:
    """Contacts and outcomes of every episode. `long_rng` (a stream of its own, so the other draws stay the same)
    picks the episodes supported for many months; without it none are."""
    n = len(ep)
    outcome = ep.outcome
    reached = outcome != dist.NO_RESPONSE
    accepted = outcome == dist.ACCEPTED
    pre = np.where(reached, choice(rng, dist.ATTEMPTS_BEFORE_REACHED, n), choice(rng, dist.NO_RESPONSE_ATTEMPTS, n) + 1)
    sizes = np.array(list(dist.CONTACTS_IN_ACCEPTED))
    follow = np.where(accepted, sizes[choice(rng, list(dist.CONTACTS_IN_ACCEPTED.values()), n)] - 1, 0)
    count = pre + reached + follow

    wait = np.exp(np.log(dist.FIRST_ATTEMPT_MEDIAN_DAYS) + 0.6 * rng.standard_normal(n)).round().astype(np.int64)
    wait = wait.clip(1, dist.FIRST_ATTEMPT_MAX_DAYS)
    urgent_wait = rng.integers(dist.URGENT_FIRST_ATTEMPT_DAYS[0], dist.URGENT_FIRST_ATTEMPT_DAYS[1] + 1, n)
    # Days are counted in working days from here on, and turned back into dates at the end.
    first = working_index(ep.received) + np.where(ep.urgent, urgent_wait, wait)
    support = rng.normal(dist.SUPPORT_DAYS[0], dist.SUPPORT_DAYS[1], n).clip(dist.SUPPORT_DAYS[2], dist.SUPPORT_DAYS[3])
    support = np.round(support * 5 / 7).astype(np.int64)

    # Every planned contact, then the ones that have happened by the last day.
    starts = np.cumsum(count) - count
    e = np.repeat(np.arange(n), count)
    pos = np.arange(len(e)) - starts[e]
    kind = np.where(pos < pre[e], ATTEMPT, np.where(pos == pre[e], REACH, FOLLOW_UP))
    on_attempt_clock = kind != FOLLOW_UP
    lo, hi = dist.DAYS_BETWEEN_ATTEMPTS
    gap = np.where((pos > 0) & on_attempt_clock, rng.integers(lo, hi + 1, len(e)), 0)
    day = first[e] + _grouped_cumsum(gap, starts, e)
    reach_row = np.where(reached, starts + pre, -1)
    reach_day = day[np.maximum(reach_row, 0)]  # meaningless where the person is never reached
    long_support = np.zeros(n, dtype=bool)
    if long_rng is not None and n:
        long_support, long_days = _long_support(ep, accepted, reach_day, long_rng, n)
        long_support &= follow >= 3  # months of support means more than one or two meetings
        support = np.where(long_support, long_days, support)
    q = pos - pre[e]
    f = np.maximum(follow[e], 1)
    spaced = support[e] / f >= 3  # room to move a follow-up a day either way without meeting its neighbour
    jitter = np.where((q < follow[e]) & spaced, rng.integers(-1, 2, len(e)), 0)
    follow_day = reach_day[e] + np.round(support[e] * q / f).astype(np.int64) + jitter
    day = np.where(kind == FOLLOW_UP, follow_day, day)
    last_planned = day[starts + count - 1]
    lo, hi = dist.DISCHARGE_AFTER_LAST_CONTACT_DAYS
    discharge_day = np.where(
        accepted,
        last_planned + rng.integers(max(lo, 1), hi + 1, n),  # a day or more after the last contact
        last_planned + rng.integers(dist.UNABLE_TO_CONTACT_AFTER_DAYS[0], dist.UNABLE_TO_CONTACT_AFTER_DAYS[1] + 1, n),
    )
    day, reach_day, discharge_day = (from_working_index(d) for d in (day, reach_day, discharge_day))

    last = clock.last_day
    happened_reach = reached & (reach_day <= last)
    discharged = (outcome != dist.DECLINED) & (discharge_day <= last)
    status = np.full(n, S_WAITING)
    status[accepted & happened_reach] = S_ACTIVE
    status[(outcome == dist.DECLINED) & happened_reach] = S_DECLINED
    status[discharged] = S_DISCHARGED
    closed_day = np.where(status == S_DECLINED, reach_day, np.where(status == S_DISCHARGED, discharge_day, NULL))

    reasons = np.array(list(dist.DISCHARGE_REASON_SHARES))[choice(rng, list(dist.DISCHARGE_REASON_SHARES.values()), n)]
    discharge_reason = np.where(accepted, reasons, "unable_to_contact")
    discharge_reason = np.where(status == S_DISCHARGED, discharge_reason, "")
    discharge_at = np.where(
        status == S_DISCHARGED,
        clock.local_to_utc(np.where(discharged, discharge_day, ep.received), working_time(rng, n, 16, 18)),
        NULL,
    )

    # Practitioners: the holder makes the attempts and the first contact; some follow-ups are by a colleague.
    other = rng.integers(0, 1 << 30, len(e)) % holder_count[ep.pcn[e]]
    by_other = (kind == FOLLOW_UP) & (rng.random(len(e)) < dist.FOLLOW_UP_BY_SOMEONE_ELSE)
    practitioner = np.where(by_other, other, ep.holder[e])
    modes = np.select(
        [kind == ATTEMPT, kind == REACH],
        [choice(rng, dist.ATTEMPT_MODES, len(e)), choice(rng, dist.FIRST_CONTACT_MODES, len(e))],
        choice(rng, dist.FOLLOW_UP_MODES, len(e)),
    )
    minutes = np.select(
        [kind == ATTEMPT, (kind == REACH) & (outcome[e] == dist.DECLINED), kind == REACH],
        [_minutes(rng, "attempt", len(e)), _minutes(rng, "declined", len(e)), _minutes(rng, "accepted", len(e))],
        _minutes(rng, "follow_up", len(e)),
    )
    occurred = clock.local_to_utc(day, working_time(rng, len(e), 9, 17))
    entered = occurred + minutes * MINUTE + rng.integers(1, 61, len(e)) * MINUTE
    created = clock.local_to_utc(ep.received, working_time(rng, n, 8, 17))

    keep = day <= last
    new_row = np.cumsum(keep) - 1
    reach = np.where(happened_reach, new_row[np.maximum(reach_row, 0)], -1)
    kept_per_episode = np.bincount(e[keep], minlength=n)
    last_contact = np.where(kept_per_episode > 0, np.cumsum(kept_per_episode) - 1, -1)
    return Timeline(
        created=created,
        status=status,
        reach=reach,
        closed_day=closed_day,
        discharge_at=discharge_at,
        discharge_reason=discharge_reason,
        last_contact=last_contact,
        follow=follow,
        long_support=long_support,
        episode=e[keep],
        kind=kind[keep],
        day=day[keep],
        occurred=occurred[keep],
        entered=entered[keep],
        holder_col=practitioner[keep],
        mode=modes[keep],
        minutes=minutes[keep],
    )
