"""Wellbeing and outcome measures for accepted episodes, taken on the schedule (measures/data/schedule.yaml).

Baseline ONS4 (with SWEMWBS for many and, where the PCN holds a PAM licence, PAM for some) when the person accepts
support or at the next contact, inside the baseline window; follow-ups at 6 and 12 months where the schedule asks
for them (the episode was still open when the window opened) and, for some people, by a call after discharge; some
follow-ups are missed, and the newest are not due yet, so the caseload has measures due and overdue. A PAM follow-up
sooner than six months after the last is recorded with the support taken up (seed 003 Appendix 6). At discharge:
employability outcomes and service-use counts for the six months before the referral, and the counts after it once
those six months have ended. The satisfaction survey follows part two of the plan (satisfaction.py). Nothing in
declined episodes; nothing after yesterday.
"""

from dataclasses import dataclass

import numpy as np

from linkwork.measures.licences import licensed_for
from linkwork.measures.policy.schedule import add_months, schedule
from linkwork.synthetic import answers as ans
from linkwork.synthetic import distributions as dist
from linkwork.synthetic import ids
from linkwork.synthetic.clock import NULL, Clock, day_date, day_number, from_working_index, working_index, working_time
from linkwork.synthetic.episodes import REASON_KEYS, Episodes, choice
from linkwork.synthetic.people import People
from linkwork.synthetic.phrases import PAM_LICENCE_PREFIX
from linkwork.synthetic.timeline import S_ACTIVE, S_DISCHARGED, Timeline
from linkwork.synthetic.world import World

MINUTE = 60
PAM_REASONS = tuple(dist.PAM_NOT_SUITABLE_REASONS)


@dataclass
class Outcomes:
    """What the care plans need to know of each episode's measures (one value per episode)."""

    six_months_day: np.ndarray  # day of the first follow-up (six months), NULL if none has happened
    six_months_at: np.ndarray  # moment it was recorded
    better: np.ndarray  # bool: life satisfaction higher at that follow-up than at baseline


@dataclass
class _Taken:
    """One kind of response for some episodes: parallel arrays, one entry per response."""

    episode: np.ndarray
    instrument: str
    day: np.ndarray
    at: np.ndarray
    by: np.ndarray
    answers: np.ndarray
    results: np.ndarray
    licence: np.ndarray | str = ""
    reason: np.ndarray | str = ""
    support: np.ndarray | None = None  # support_taken_up: True for an early PAM reassessment, else None


def shift_months(days: np.ndarray, months: int) -> np.ndarray:
    """schedule.add_months on day numbers (computed once per distinct day); NULL stays NULL."""
    days = np.asarray(days, dtype=np.int64)
    out = np.full(len(days), NULL, dtype=np.int64)
    ok = days != NULL
    if ok.any():
        unique, inverse = np.unique(days[ok], return_inverse=True)
        moved = np.array([day_number(add_months(day_date(d), months)) for d in unique.tolist()], dtype=np.int64)
        out[ok] = moved[inverse.reshape(-1)]
    return out


def next_working_day(days: np.ndarray) -> np.ndarray:
    """The day itself from Monday to Friday, the Monday after for a weekend day."""
    return from_working_index(working_index(days))


class _Collector:
    def __init__(self, episodes: np.ndarray):
        self.episodes = episodes  # chunk episode index of each accepted episode
        self.taken: list[_Taken] = []

    def add(
        self, who: np.ndarray, instrument: str, day, at, by, answers, results, licence="", reason="", support=None
    ) -> None:
        """Responses for the accepted episodes where `who` (bool over them) is true; columns over the same."""
        if not who.any():
            return
        pick = lambda v: v[who] if isinstance(v, np.ndarray) and len(v) == len(who) else v  # noqa: E731
        self.taken.append(
            _Taken(
                self.episodes[who],
                instrument,
                pick(day),
                pick(at),
                pick(by),
                answers,
                results,
                pick(licence),
                pick(reason),
                None if support is None else support[who],
            )
        )


def _encode(key: str, columns: list[np.ndarray], who: np.ndarray, received=None):
    return ans.encode_items(key, [c[who] for c in columns], None if received is None else received[who])


def make_measures(
    world: World,
    people: People,
    ep: Episodes,
    tl: Timeline,
    referral_ids: np.ndarray,
    rng: np.random.Generator,
    uid: ids.Uuids,
    clock: Clock,
) -> tuple[dict, Outcomes]:
    n_ref = len(ep)
    outcomes = Outcomes(
        six_months_day=np.full(n_ref, NULL),
        six_months_at=np.full(n_ref, NULL),
        better=np.zeros(n_ref, dtype=bool),
    )
    acc = np.nonzero((ep.outcome == dist.ACCEPTED) & (tl.reach >= 0))[0]
    found = _Collector(acc)
    m = len(acc)
    if m:
        _measure(world, ep, tl, acc, rng, clock, found, outcomes)
    return _rows(found.taken, ep, people, referral_ids, uid), outcomes


def _measure(world, ep, tl, acc, rng, clock, found: _Collector, outcomes: Outcomes) -> None:
    m = len(acc)
    points = [p for p in schedule().points if "ons4" in p.instruments]
    pam_points = {p.key: p for p in schedule().points if "pam" in p.instruments}
    # PAM only for episodes of PCNs that hold a PAM licence (settings.LINKWORK_PAM_LICENSED_PCNS).
    pam_licensed = np.array(["pam" in licensed_for(str(code)) for code in world.pcn_codes], dtype=bool)
    practitioner = world.holder_ids[ep.pcn[tl.episode], tl.holder_col]
    holder = world.holder_ids[ep.pcn[acc], ep.holder[acc]]
    level, improvement = rng.standard_normal(m), rng.standard_normal(m)
    sw_level = 0.8 * level + 0.6 * rng.standard_normal(m)

    # Baseline: at the contact where the person accepts, or at the next one if it falls in the window. Where
    # that next contact has not happened yet, the baseline is still to do (due or overdue on the caseload).
    reach = tl.reach[acc]
    accepted_on = tl.day[reach]
    follow_ups = tl.last_contact[acc] - reach
    following = np.minimum(reach + 1, len(tl.day) - 1)
    base_closes = shift_months(accepted_on, points[0].offset_months) + points[0].closes_days_after_due
    next_fits = (follow_ups >= 1) & (tl.day[following] < base_closes)
    at_next = rng.random(m) >= dist.BASELINE_AT_FIRST_CONTACT
    waiting = at_next & (follow_ups == 0) & (tl.status[acc] == S_ACTIVE)
    has = (rng.random(m) < dist.BASELINE_SHARE) & ~waiting
    row = np.where(at_next & next_fits, following, reach)
    day, by = tl.day[row], practitioner[row]
    at = tl.entered[row] + 10 * MINUTE
    base_ons4 = ans.ons4(level, improvement, 0.0, rng)
    found.add(has, "ons4", day, at, by, *_encode("ons4", base_ons4, has))
    sw = has & (rng.random(m) < dist.SWEMWBS_SHARE)
    found.add(
        sw, "swemwbs", day, at + MINUTE, by, *_encode("swemwbs", ans.swemwbs(sw_level, improvement, 0.0, rng), sw)
    )
    pam = has & (rng.random(m) < dist.PAM_SHARE) & pam_licensed[ep.pcn[acc]]
    unsuitable = pam & (rng.random(m) < dist.PAM_NOT_SUITABLE)
    reasons = np.array(PAM_REASONS)[choice(rng, list(dist.PAM_NOT_SUITABLE_REASONS.values()), m)]
    licence = np.char.add(PAM_LICENCE_PREFIX, np.char.zfill(ep.pcn[acc].astype(str), 5))
    tenths = np.where(unsuitable, ans.NOT_ANSWERED, ans.pam_tenths(level, improvement, 0.0, rng))
    reasons = np.where(unsuitable, reasons, "")
    licence = np.where(unsuitable, "", licence)
    found.add(
        pam,
        "pam",
        day,
        at + 2 * MINUTE,
        by,
        *ans.encode_licensed("pam", tenths[pam], reasons[pam], licence[pam]),
        licence=licence,
        reason=reasons,
    )
    pam_day = np.where(pam & ~unsuitable, day, NULL)

    # Follow-ups: where the schedule asks (open when the window opened) or by a call after discharge.
    took = has
    for k, point in enumerate(points[1:]):
        open_share, after_share = dist.FOLLOW_UP_TAKEN.get(point.key, (0.5, 0.0))
        due = shift_months(accepted_on, point.offset_months)
        opens = due - point.opens_days_before_due
        closed = tl.closed_day[acc]
        needed = (closed == NULL) | (closed >= opens)
        call = took & (rng.random(m) < np.where(needed, open_share, after_share))
        mean, sd = dist.FOLLOW_UP_DAYS_FROM_DUE
        offset = np.rint(rng.normal(mean, sd, m)).clip(-point.opens_days_before_due, point.closes_days_after_due - 4)
        day = next_working_day(due + offset.astype(np.int64))
        done = call & (day <= clock.last_day)
        at = clock.local_to_utc(day, working_time(rng, m, 9, 17))
        progress = 1.0 if k == 0 else dist.TWELVE_MONTH_KEEPS
        later = ans.ons4(level, improvement, progress, rng)
        found.add(done, "ons4", day, at, holder, *_encode("ons4", later, done))
        again = done & sw & (rng.random(m) < dist.FOLLOW_UP_REPEATS["swemwbs"])
        found.add(
            again,
            "swemwbs",
            day,
            at + MINUTE,
            holder,
            *_encode("swemwbs", ans.swemwbs(sw_level, improvement, progress, rng), again),
        )
        pam_def = ans.definition("pam")
        allowed = (pam_day != NULL) & (day >= shift_months(pam_day, pam_def.min_interval_months or 0))
        # Inside the PAM point's own window (it closes sooner than ONS4's).
        allowed &= day < due + pam_points[point.key].closes_days_after_due
        again = done & allowed & (rng.random(m) < dist.FOLLOW_UP_REPEATS["pam"])
        tenths = ans.pam_tenths(level, improvement, progress, rng)
        early = np.where(day < shift_months(pam_day, pam_def.reassessment_months or 0), True, None)
        found.add(
            again,
            "pam",
            day,
            at + 2 * MINUTE,
            holder,
            *ans.encode_licensed("pam", tenths[again], np.full(again.sum(), ""), licence[again]),
            licence=licence,
            support=early,
        )
        pam_day = np.where(again, day, pam_day)
        if k == 0:
            outcomes.six_months_day[acc[done]] = day[done]
            outcomes.six_months_at[acc[done]] = at[done]
            outcomes.better[acc[done]] = (later[0] > base_ons4[0])[done]
        took = done

    _at_discharge(ep, tl, acc, holder, rng, clock, found)


def _at_discharge(ep, tl, acc, holder, rng, clock, found: _Collector) -> None:
    m = len(acc)
    leaving = (tl.status[acc] == S_DISCHARGED) & ~np.isin(tl.discharge_reason[acc], ("died", "moved_away"))
    day = np.where(leaving, tl.closed_day[acc], 0)
    at = np.where(leaving, tl.discharge_at[acc], 0) - MINUTE * rng.integers(5, 40, m)  # before the discharge
    reasons = ep.reasons[acc]
    work = reasons[:, REASON_KEYS.index("employment")] | reasons[:, REASON_KEYS.index("money")]
    others, for_work = dist.EMPLOYABILITY_SHARE
    emp = leaving & (rng.random(m) < np.where(work, for_work, others))
    found.add(emp, "employability", day, at + MINUTE, holder, *_encode("employability", ans.employability(rng, m), emp))

    received = ep.received[acc]
    before, after = ans.service_use(rng, m)
    counted = leaving & (rng.random(m) < dist.SERVICE_USE_SHARE)
    found.add(counted, "service_use", day, at + 2 * MINUTE, holder, *_encode("service_use", before, counted, received))
    window = ans.definition("service_use").window_months or 6
    later = next_working_day(shift_months(received, window) + rng.integers(0, 31, m))
    recounted = counted & (rng.random(m) < dist.SERVICE_USE_AFTER) & (later <= clock.last_day)
    later_at = clock.local_to_utc(later, working_time(rng, m, 9, 17))
    found.add(recounted, "service_use", later, later_at, holder, *_encode("service_use", after, recounted, received))


def _rows(taken: list[_Taken], ep: Episodes, people: People, referral_ids: np.ndarray, uid: ids.Uuids) -> dict:
    def joined(name: str, empty_dtype="S1"):
        values = [getattr(t, name) for t in taken]
        sized = [
            v if isinstance(v, np.ndarray) else np.full(len(t.episode), v) for v, t in zip(values, taken, strict=True)
        ]
        return np.concatenate(sized) if sized else np.array([], dtype=empty_dtype)

    episode = joined("episode", np.int64)
    instrument = np.concatenate([np.full(len(t.episode), t.instrument) for t in taken]) if taken else np.array([], str)
    day, at = joined("day", np.int64), joined("at", np.int64)
    order = np.lexsort((at, day, episode))
    versions = {key: ans.definition(key).version for key in {t.instrument for t in taken}}
    version = np.concatenate([np.full(len(t.episode), versions[t.instrument]) for t in taken]) if taken else day
    episode = episode[order]
    return {
        "id": uid(len(order)),
        "created_at": at[order],
        "updated_at": at[order],
        "created_by_id": joined("by")[order],
        "referral_id": referral_ids[episode],
        "person_id": people.ids[ep.person[episode]],
        "instrument": instrument[order],
        "instrument_version": version[order],
        "taken_on": day[order],
        "answers": joined("answers")[order],
        "results": joined("results")[order],
        "licence_reference": joined("licence", "U1")[order].astype(str),
        "not_suitable_reason": joined("reason", "U1")[order].astype(str),
        "support_taken_up": [
            None if v is None else bool(v)
            for v in np.concatenate(
                [t.support if t.support is not None else np.full(len(t.episode), None) for t in taken]
            )[order].tolist()
        ]
        if taken
        else [],
    }
