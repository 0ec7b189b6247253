"""Referral episodes for a chunk of people: when each was received, who referred, why, and who holds it.

Episodes of one person come one after another: their received dates are at least
MIN_DAYS_BETWEEN_REFERRALS apart, longer than any synthetic episode lasts, so the earlier episode has
always ended (declined or discharged) before the next referral arrives.
"""

from dataclasses import dataclass

import numpy as np

from linkwork.referrals.vocabularies import REFERRAL_CRITERIA, REFERRAL_REASONS
from linkwork.synthetic import distributions as dist
from linkwork.synthetic.clock import HISTORY_DAYS, Clock, from_working_index, working_index
from linkwork.synthetic.people import People
from linkwork.synthetic.world import World

REASON_KEYS = tuple(REFERRAL_REASONS.keys())
CRITERION_KEYS = tuple(REFERRAL_CRITERIA.keys())
REFERRER_KEYS = tuple(dist.REFERRER_SHARES)
_GROWTH_LOG = np.log(dist.REFERRAL_GROWTH)


@dataclass
class Episodes:
    person: np.ndarray  # index into the chunk's people
    number: np.ndarray  # 0 for a person's first episode, 1 for the second, ...
    received: np.ndarray  # day number
    pcn: np.ndarray
    practice: np.ndarray
    urgent: np.ndarray  # bool
    referrer: np.ndarray  # index into REFERRER_KEYS
    by_practice_staff: np.ndarray  # bool: recorded by the practice's staff rather than by the holder
    holder: np.ndarray  # column in world.holder_ids[pcn]
    outcome: np.ndarray  # dist.ACCEPTED, DECLINED or NO_RESPONSE
    reasons: np.ndarray  # (episodes, len(REASON_KEYS)) bool
    criteria: np.ndarray  # (episodes, len(CRITERION_KEYS)) bool
    context: np.ndarray  # str

    def __len__(self) -> int:
        return len(self.person)


def choice(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    """n indices drawn with the given (unnormalised) weights."""
    cum = np.cumsum(dist.shares(weights))
    return np.searchsorted(cum, rng.random(n), side="right").clip(0, len(cum) - 1)


def _day_at(u: np.ndarray) -> np.ndarray:
    """Days into the history for quantiles u of a referral volume that grows exponentially by REFERRAL_GROWTH."""
    return np.log1p(u * (dist.REFERRAL_GROWTH - 1)) / _GROWTH_LOG * HISTORY_DAYS


def plan(people: People, rng: np.random.Generator, clock: Clock) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(person index, episode number, received day) for every episode, people in order, episodes in time order.

    All received dates are drawn from the growing referral volume first; then, for the people with k
    episodes, k*m dates are sorted and cut into k runs of m, and the j-th date of each run goes to the same
    person, so a person's episodes are about a k-th of the history apart and the dates overall still follow
    the volume. An episode closer than MIN_DAYS_BETWEEN_REFERRALS to the one before is dropped (rare).
    """
    n = len(people)
    count = choice(rng, dist.EPISODES_PER_PERSON, n) + 1
    received = np.zeros((n, 3), dtype=np.int64)
    for k in range(1, 4):
        who = np.nonzero(count == k)[0]
        m = len(who)
        if not m:
            continue
        days = np.sort(clock.first_day + np.floor(_day_at(rng.random(k * m))).astype(np.int64))
        runs = days.reshape(k, m)
        received[who, :k] = runs[:, rng.permutation(m)].T
    gap_ok = np.ones((n, 3), dtype=bool)
    gap_ok[:, 1:] = received[:, 1:] - received[:, :-1] >= dist.MIN_DAYS_BETWEEN_REFERRALS
    keep = (np.arange(3) < count[:, None]) & np.logical_and.accumulate(gap_ok, axis=1)
    person, number = np.nonzero(keep)
    # Referrals are recorded on working days: one arriving at a weekend is received on the Monday (or, at the
    # very end of the history, the Friday before).
    index = working_index(received[person, number].clip(clock.first_day, clock.last_day))
    days = from_working_index(index)
    days = np.where(days > clock.last_day, from_working_index(index - 1), days)
    return person, number, days


def _trend(received: np.ndarray, clock: Clock, end: float) -> np.ndarray:
    return end ** ((received - clock.first_day) / HISTORY_DAYS)


def _mean_trend(end: float) -> float:
    u = (np.arange(10_000) + 0.5) / 10_000
    return float(np.mean(end ** (_day_at(u) / HISTORY_DAYS)))


def patterned_probability(
    share: float,
    deprivation_ratio: float,
    sex_mult: np.ndarray,
    trend_ratio: float,
    decile: np.ndarray,
    sex: np.ndarray,
    received: np.ndarray,
    clock: Clock,
) -> np.ndarray:
    """Per-referral probability of a reason whose rate follows a deprivation gradient, a sex difference and a
    trend over time, averaging `share` over all referrals."""
    gradient = dist.deprivation_gradient(deprivation_ratio)
    end = dist.trend_end(trend_ratio)
    mean = (
        float(np.dot(dist.decile_shares(), gradient))
        * float(np.dot(dist.shares(dist.SEX_SHARES), sex_mult))
        * _mean_trend(end)
    )
    p = share / mean * gradient[decile - 1] * sex_mult[sex] * _trend(received, clock, end)
    return p.clip(0, 0.95)


def _top_k(rng: np.random.Generator, weights, n: int, k: np.ndarray) -> np.ndarray:
    """(n, len(weights)) bool: for each row, k[row] distinct columns drawn in proportion to weights."""
    keys = np.log(dist.shares(weights)) + rng.gumbel(size=(n, len(weights)))
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return rank < k[:, None]


def _reasons(rng, people: People, person, received, clock) -> np.ndarray:
    n = len(person)
    decile, sex = people.decile[person], people.sex[person]
    money = rng.random(n) < patterned_probability(
        dist.MONEY_SHARE,
        dist.MONEY_DEPRIVATION_RATIO,
        dist.sex_multipliers(dist.MONEY_WOMEN_RATIO),
        dist.MONEY_TREND_RATIO,
        decile,
        sex,
        received,
        clock,
    )
    housing_sex = np.array([1.0, dist.HOUSING_MEN_RATIO * dist.SEX_SHARES[0] / dist.SEX_SHARES[1], 1.0, 1.0])
    housing = rng.random(n) < patterned_probability(
        dist.HOUSING_SHARE,
        dist.HOUSING_DEPRIVATION_RATIO,
        housing_sex,
        dist.HOUSING_TREND_RATIO,
        decile,
        sex,
        received,
        clock,
    )
    wanted = choice(rng, dist.REASON_COUNT_SHARES, n) + 1
    others = _top_k(rng, list(dist.OTHER_REASON_WEIGHTS.values()), n, np.maximum(wanted - money - housing, 0))
    reasons = np.zeros((n, len(REASON_KEYS)), dtype=bool)
    reasons[:, REASON_KEYS.index("money")] = money
    reasons[:, REASON_KEYS.index("housing")] = housing
    for col, key in enumerate(dist.OTHER_REASON_WEIGHTS):
        reasons[:, REASON_KEYS.index(key)] |= others[:, col]
    return reasons


def _context(rng, reasons: np.ndarray) -> np.ndarray:
    n = len(reasons)
    out = np.full(n, "", dtype=object)
    has = rng.random(n) < dist.CONTEXT_SHARE
    pick = rng.integers(0, 2, n)
    general = np.array(dist.GENERAL_CONTEXT, dtype=object)[pick]
    out[has] = general[has]
    for key, phrases in dist.CONTEXT_BY_REASON.items():
        rows = has & reasons[:, REASON_KEYS.index(key)]
        out[rows] = np.array(phrases, dtype=object)[pick[rows]]
    return out.astype(str)


def make_episodes(world: World, people: People, rng: np.random.Generator, clock: Clock) -> Episodes:
    person, number, received = plan(people, rng, clock)
    n = len(person)
    pcn, practice = people.pcn[person], people.practice[person]
    referrer = choice(rng, list(dist.REFERRER_SHARES.values()), n)
    from_practice = np.isin(referrer, [REFERRER_KEYS.index(k) for k in dist.PRACTICE_REFERRERS])
    has_staff = world.practice_staff[practice] != b""
    by_staff = from_practice & has_staff & (rng.random(n) < dist.PRACTICE_STAFF_RECORDS_SHARE)
    holder = (rng.random(n)[:, None] > world.holder_cum[pcn]).sum(axis=1)
    reasons = _reasons(rng, people, person, received, clock)
    with_criteria = rng.random(n) < dist.CRITERIA_SHARE
    criteria_count = np.where(with_criteria, 1 + (rng.random(n) < 0.4), 0)
    criteria_w = [dist.CRITERIA_WEIGHTS.get(k, 0) or 1e-9 for k in CRITERION_KEYS]
    return Episodes(
        person=person,
        number=number,
        received=received,
        pcn=pcn,
        practice=practice,
        urgent=rng.random(n) < dist.URGENT_SHARE,
        referrer=referrer,
        by_practice_staff=by_staff,
        holder=holder,
        outcome=choice(rng, dist.OUTCOME_SHARES, n),
        reasons=reasons,
        criteria=_top_k(rng, criteria_w, n, criteria_count),
        context=_context(rng, reasons),
    )
