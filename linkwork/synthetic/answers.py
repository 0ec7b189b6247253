"""Answers to the measures and what linkwork stores for them, as JSON columns.

The numbers come from distributions (most people improve a little, some do not). The stored `answers` and
`results` are made by the same pure functions measures.services.record_measure uses (scoring.answers_by_item,
scoring.check_licensed, scoring.score), once per distinct answer set, so a synthetic response holds exactly what
the service would have stored for the same answers.
"""

import json
from datetime import date
from decimal import Decimal

import numpy as np

from linkwork.measures.definitions import COUNT, SCALE, YES_NO, Definition
from linkwork.measures.instruments import registry
from linkwork.measures.policy import scoring
from linkwork.synthetic import distributions as dist
from linkwork.synthetic.clock import day_date
from linkwork.synthetic.episodes import choice

NOT_ANSWERED = -1
PERIODS = ("before", "after")
ONS4_ITEMS = tuple(dist.ONS4_BASELINE)
SWEMWBS_ITEMS = 7
# Encoded answers and results of the instruments whose results depend only on the answers (not on dates), by
# (key, version, answers): small, since answers repeat (ONS4 has at most 11^4 answer sets).
_CACHE: dict[tuple, tuple[bytes, bytes, dict]] = {}
_ANY_DAY = date(2000, 1, 3)


def definition(key: str) -> Definition:
    found = registry().current(key)
    if found is None:
        raise LookupError(f"no measure definition {key!r}")
    return found


def _dumps(value) -> bytes:
    """JSON as Django's JSONField writes it (json.dumps with its defaults)."""
    return json.dumps(value).encode()


def _raw_value(item, value: int):
    if value == NOT_ANSWERED:
        return None
    if item.type == YES_NO:
        return bool(value)
    if item.type in (SCALE, COUNT):
        return int(value)
    return list(item.options)[value]  # a choice, by its position


def _encode_row(d: Definition, row: tuple[int, ...]) -> tuple[bytes, bytes, dict]:
    """Stored answers and results as JSON, and the results themselves, for one answer set."""
    raw = {item.id: _raw_value(item, v) for item, v in zip(d.items, row, strict=True)}
    answers, errors = scoring.answers_by_item(d, raw)
    if errors:
        raise ValueError(f"synthetic {d.key} answers break a rule: {errors}")
    # A service-use count is scored against any referral date here; _windowed puts in the right window.
    results = scoring.score(d, answers, received_on=_ANY_DAY)
    return _dumps(answers), _dumps(results), results


def encode_items(key: str, columns: list[np.ndarray], received_on: np.ndarray | None = None):
    """(answers, results) JSON bytes arrays for answers given as one int column per item, in the definition's
    order (NOT_ANSWERED for no answer; 0/1 for yes/no; the option's position for a choice). `received_on`
    (day numbers) for a service-use count, whose results name the window it covers."""
    d = definition(key)
    n = len(columns[0])
    if n == 0:
        return np.array([], dtype="S1"), np.array([], dtype="S1")
    unique, inverse = _unique_rows(np.stack([np.asarray(c, dtype=np.int64) for c in columns], axis=1))
    encoded = []
    for row in unique.tolist():
        cache_key = (d.key, d.version, tuple(row))
        hit = _CACHE.get(cache_key) if received_on is None else None
        if hit is None:
            hit = _encode_row(d, tuple(row))
            if received_on is None:
                hit = _CACHE[cache_key] = (hit[0], hit[1], {})
        encoded.append(hit)
    answers = np.array([a for a, _, _ in encoded])[inverse]
    if received_on is None:
        return answers, np.array([r for _, r, _ in encoded])[inverse]
    return answers, _windowed(d, encoded, inverse, np.asarray(received_on, dtype=np.int64))


def _unique_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(matrix, axis=0, return_inverse=True), faster: rows as one mixed-radix number when they fit."""
    low = matrix.min(axis=0)
    span = matrix.max(axis=0) - low + 1
    if float(np.prod(span.astype(float))) < 2.0**62:
        radix = np.cumprod(np.r_[1, span[:-1]])
        keys = (matrix - low) @ radix
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return matrix[first], inverse.reshape(-1)
    unique, inverse = np.unique(matrix, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1)


def _windowed(d: Definition, encoded, inverse: np.ndarray, received_on: np.ndarray) -> np.ndarray:
    """Service-use results: the same for the same counts but for the window, which follows the referral date.
    Scored once per distinct counts; the window (scoring.counting_window) put in per distinct referral date."""
    windows: dict[tuple[str, int], tuple[str, str]] = {}
    out = []
    for i, day in zip(inverse.tolist(), received_on.tolist(), strict=True):
        results = encoded[i][2]
        window = windows.get((results["period"], day))
        if window is None:
            lo, hi = scoring.counting_window(d, results["period"], day_date(day))
            window = windows[(results["period"], day)] = (lo.isoformat(), hi.isoformat())
        out.append(_dumps({**results, "window_from": window[0], "window_to": window[1]}))
    return np.array(out)


def encode_licensed(key: str, tenths: np.ndarray, reasons: np.ndarray, licences: np.ndarray):
    """(answers, results) for a licensed score (PAM): the score in tenths, or NOT_ANSWERED with the key of the
    reason it was not suitable (reasons[i], "" where scored); licences: the licence reference of each score."""
    d = definition(key)
    n = len(tenths)
    if n == 0:
        return np.array([], dtype="S1"), np.array([], dtype="S1")
    answers = np.empty(n, dtype=object)
    results = np.empty(n, dtype=object)
    keys = list(zip(tenths.tolist(), reasons.tolist(), licences.tolist(), strict=True))
    seen: dict[tuple, tuple[bytes, bytes]] = {}
    for i, (t, reason, licence) in enumerate(keys):
        hit = seen.get((t, reason))
        if hit is None:
            given = None if t == NOT_ANSWERED else Decimal(t) / 10
            licensed, errors = scoring.check_licensed(d, given, licence, reason)
            if errors:
                raise ValueError(f"synthetic {d.key} score breaks a rule: {errors}")
            stored = {"score": float(licensed.score)} if licensed.score is not None else {}
            hit = seen[(t, reason)] = (_dumps(stored), _dumps(scoring.score(d, stored, licensed=licensed)))
        answers[i], results[i] = hit
    return answers.astype(bytes), results.astype(bytes)


# ---- the numbers -------------------------------------------------------------------------------------
def ons4(level: np.ndarray, improvement: np.ndarray, progress: float, rng: np.random.Generator) -> list[np.ndarray]:
    """ONS4 answers (0-10), one column per question, for people at `level` (sd units) whose wellbeing has moved
    `progress` of the way to their six-month change (0 at baseline, 1 at six months)."""
    columns = []
    for item in ONS4_ITEMS:
        mean, spread = dist.ONS4_CHANGE[item]
        direction = -1 if mean < 0 else 1
        value = (
            dist.ONS4_BASELINE[item]
            + dist.ONS4_PERSON_SD[item] * level
            + progress * (mean + direction * spread * improvement)
            + rng.normal(0, dist.ONS4_NOISE_SD, len(level))
        )
        columns.append(np.rint(value).clip(0, 10).astype(np.int64))
    return columns


def swemwbs(level: np.ndarray, improvement: np.ndarray, progress: float, rng: np.random.Generator) -> list[np.ndarray]:
    """SWEMWBS answers (1-5) to the seven statements."""
    mean, spread = dist.SWEMWBS_LEVEL
    change_mean, change_sd = dist.SWEMWBS_CHANGE
    person = mean + spread * level + progress * (change_mean + change_sd * improvement)
    noise = rng.normal(0, dist.SWEMWBS_ITEM_SD, (SWEMWBS_ITEMS, len(level)))
    return list(np.rint(person + noise).clip(1, 5).astype(np.int64))


def pam_tenths(level: np.ndarray, improvement: np.ndarray, progress: float, rng: np.random.Generator) -> np.ndarray:
    mean, sd = dist.PAM_BASELINE
    change_mean, change_sd = dist.PAM_CHANGE
    score = (
        mean
        + 0.6 * sd * level
        + progress * (change_mean + change_sd * improvement)
        + rng.normal(0, 0.8 * sd, len(level))
    )
    return np.rint(score.clip(0, 100) * 10).astype(np.int64)


def satisfaction(rng: np.random.Generator, n: int) -> list[np.ndarray]:
    return [
        choice(rng, dist.SATISFACTION_OVERALL, n) + 1,
        choice(rng, dist.SATISFACTION_LISTENED, n) + 1,
        (rng.random(n) < dist.WOULD_RECOMMEND).astype(np.int64),
    ]


def employability(rng: np.random.Generator, n: int) -> list[np.ndarray]:
    return [(rng.random(n) < share).astype(np.int64) for share in dist.EMPLOYABILITY_YES.values()]


def service_use(rng: np.random.Generator, n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Counts before and after the referral (service-use items after `period`), the same people in each."""
    shape, mean, gp_ratio = dist.GP_CONSULTATIONS
    gp_rate = rng.gamma(shape, mean / shape, n)
    ae_mean, ae_ratio = dist.AE_ATTENDANCES
    ae_rate = rng.gamma(1.0, ae_mean, n)
    stays, stay_days, bed_ratio = dist.BED_DAYS
    stayer = rng.random(n) < stays
    rx_share, rx_mean, rx_ratio = dist.PRESCRIPTIONS
    has_rx = rng.random(n) < rx_share
    amb_share, amb_mean, amb_ratio = dist.AMBULANCE_CALLOUTS
    has_amb = rng.random(n) < amb_share

    def counts(ratio_gp, ratio_ae, ratio_bed, ratio_rx, ratio_amb):
        bed = np.where(stayer, rng.poisson(stay_days * ratio_bed, n), 0)
        return [
            rng.poisson(gp_rate * ratio_gp).clip(0, 200),
            rng.poisson(ae_rate * ratio_ae).clip(0, 100),
            bed.clip(0, 186),
            np.where(has_rx, rng.poisson(rx_mean * ratio_rx, n).clip(0, 500), NOT_ANSWERED),
            np.where(has_amb, rng.poisson(amb_mean * ratio_amb, n).clip(0, 100), NOT_ANSWERED),
        ]

    before = [np.zeros(n, dtype=np.int64), *counts(1, 1, 1, 1, 1)]
    after = [np.ones(n, dtype=np.int64), *counts(gp_ratio, ae_ratio, bed_ratio, rx_ratio, amb_ratio)]
    return before, after
