"""Onward connections of a chunk's accepted episodes and their closed loop, as connections.services would have
stored them (make_connections, change_status, record_engagement), in streams of their own (ids.CONNECTIONS,
ids.CONNECTION_UUIDS), so every other table's draws stay the same.

At follow-up contacts the practitioner connects the person to 0-3 services (often several in one go), chosen by
the organisations' demand and how well the category fits the referral reasons, and only where the PCN may connect
people on that day (a current agreement or an exception: directory.Directory.allowed). Each connection is
sent as requested by the referrer; then the service (its VCSE partner user) accepts it with an expected start
(later for a waiting list), rejects it with a reason, or never answers; accepted ones start (in progress, with the
first session and engagement reported), are put on hold, completed with feedback, or fail; either side may cancel.
Anything after the last day has not happened yet, which leaves connections sent, accepted or in progress at
`today`, and people discharged before the service saw them.
"""

import json

import numpy as np

from linkwork.connections import policy as rules
from linkwork.connections.vocabularies import SHAREABLE_FIELDS
from linkwork.synthetic import distributions as dist
from linkwork.synthetic import ids
from linkwork.synthetic.clock import NULL, Clock, from_working_index, working_index, working_time
from linkwork.synthetic.connection_phrases import (
    CONTACT_FORMS,
    FAILED_REASONS,
    NO_REPLY_REASON,
    OUTCOMES,
    REASONS_BY_CATEGORY,
    REFERRER_CANCEL_REASONS,
    REJECT_REASONS,
    SERVICE_CANCEL_REASONS,
)
from linkwork.synthetic.directory import (
    CATEGORY_KEYS,
    CLOSED,
    REASON_CATEGORIES,
    WAITING_LIST,
    Directory,
)
from linkwork.synthetic.episodes import REASON_KEYS, Episodes, choice
from linkwork.synthetic.timeline import Timeline
from linkwork.synthetic.world import World

MINUTE = 60
DAY = 86_400
TOP = 8  # candidate services looked at per episode, best first
KINDS = tuple(dist.CONNECTION_KIND_SHARES)
FIELDS = tuple(t.key for t in SHAREABLE_FIELDS)
# Event slots of the loop: sent; the service's reply (or the referrer's early cancel); on hold; start or not;
# the end.
STATUS = (
    rules.REQUESTED,
    rules.ACCEPTED,
    rules.REJECTED,
    rules.CANCELLED,
    rules.ON_HOLD,
    rules.IN_PROGRESS,
    rules.FAILED,
    rules.COMPLETED,
)
REQUESTED, ACCEPTED, REJECTED, CANCELLED, ON_HOLD, IN_PROGRESS, FAILED, COMPLETED = range(len(STATUS))
SLOTS = 5


def _category_fit(reasons: np.ndarray) -> np.ndarray:
    """(episodes, categories) weights: high for a category that suits one of the episode's referral reasons."""
    suits = np.zeros((len(REASON_KEYS), len(CATEGORY_KEYS)), dtype=np.int64)
    for reason, categories in REASON_CATEGORIES.items():
        for category in categories:
            suits[REASON_KEYS.index(reason), CATEGORY_KEYS.index(category)] = 1
    return 1.0 + dist.CATEGORY_FITS_REASON_WEIGHT * np.minimum(reasons.astype(np.int64) @ suits, 1)


def _working(days: np.ndarray) -> np.ndarray:
    return from_working_index(working_index(days))


def _pick(rng, options, n: int) -> np.ndarray:
    return np.array(options, dtype=object)[rng.integers(0, len(options), n)].astype(str)


def make_connections(
    world: World,
    ep: Episodes,
    tl: Timeline,
    referral_ids: np.ndarray,
    person_ids: np.ndarray,
    rng: np.random.Generator,
    uid: ids.Uuids,
    clock: Clock,
) -> dict[str, dict]:
    d: Directory | None = world.directory
    if d is None or not len(d.service_ids):
        return _empty()
    accepted = (ep.outcome == dist.ACCEPTED) & (tl.reach >= 0)
    happened = np.where(accepted, tl.last_contact - tl.reach, 0)
    e = np.nonzero(accepted & (happened >= 1))[0]
    n = len(e)
    wanted = choice(rng, dist.CONNECTIONS_PER_EPISODE, n)
    # The follow-up contact each connection is made at: the first or second, then the same again or a later one.
    first_q = np.minimum(1 + (rng.random(n) < 0.3), happened[e])
    at_once = rng.random(n) < dist.CONNECTIONS_AT_ONCE
    later = first_q[:, None] + np.cumsum(1 + (rng.random((n, 3)) < 0.3), axis=1) - 1
    q = np.where(at_once[:, None] | (np.arange(3) == 0), first_q[:, None], later)
    q = np.minimum(q, happened[e][:, None])
    q[:, 1:] = np.maximum(q[:, 1:], q[:, :1])
    rows = tl.reach[e][:, None] + q if len(tl.day) else np.zeros((n, 3), dtype=np.int64)
    day = tl.day[rows] if len(tl.day) else rows
    pcn = ep.pcn[e]

    # Candidate services: the PCN's, best first by demand and fit (Gumbel top-k).
    cand = d.pcn_services[pcn]
    valid = cand >= 0
    safe = np.maximum(cand, 0)
    fit = _category_fit(ep.reasons[e])
    weight = (
        d.org_demand[d.service_org[safe]]
        * d.service_weight[safe]
        * np.take_along_axis(fit, d.service_category[safe], axis=1)
    )
    keys = np.where(valid & (weight > 0), np.log(np.maximum(weight, 1e-300)) + rng.gumbel(size=weight.shape), -np.inf)
    top = min(TOP, keys.shape[1])
    best = np.argpartition(-keys, top - 1, axis=1)[:, :top] if keys.shape[1] > top else np.argsort(-keys, axis=1)
    best = np.take_along_axis(best, np.argsort(-np.take_along_axis(keys, best, axis=1), axis=1), axis=1)
    ranked = np.take_along_axis(cand, best, axis=1)
    usable = np.isfinite(np.take_along_axis(keys, best, axis=1))
    taken = np.zeros_like(usable)
    chosen = np.full((n, 3), -1, dtype=np.int64)
    for j in range(3):
        need = wanted > j
        ok = (
            usable
            & ~taken
            & need[:, None]
            & d.allowed(pcn[:, None], d.service_org[np.maximum(ranked, 0)], day[:, j][:, None])
        )
        has = ok.any(axis=1)
        col = ok.argmax(axis=1)
        chosen[has, j] = ranked[has, col[has]]
        taken[has, col[has]] = True

    ce, cj = np.nonzero(chosen >= 0)  # episode-major, then in the order they were made
    c = len(ce)
    if c == 0:
        return _empty()
    episode = e[ce]
    service = chosen[ce, cj]
    org = d.service_org[service]
    row = rows[ce, cj]
    sent_day = day[ce, cj]
    made_at = tl.entered[row] + (3 + cj) * MINUTE if c else np.zeros(0, dtype=np.int64)
    made_by = world.holder_ids[ep.pcn[episode], tl.holder_col[row]] if c else np.zeros(0, dtype="S32")
    partner = d.org_partner[org]

    kind = choice(rng, list(dist.CONNECTION_KIND_SHARES.values()), c)
    no_sharing = (kind == KINDS.index("signposting")) & (rng.random(c) < dist.SIGNPOSTING_WITHOUT_SHARING)
    shared = (rng.random((c, len(FIELDS))) < np.array([dist.SHARED_FIELD_SHARES[f] for f in FIELDS])) & ~no_sharing[
        :, None
    ]
    name_col = FIELDS.index("name")
    shared[:, name_col] |= ~no_sharing & ~shared.any(axis=1)
    consent = ~no_sharing
    # The JSON of each distinct set of fields once (the sets are few), then looked up.
    code = shared.astype(np.int64) @ (1 << np.arange(len(FIELDS)))
    sets, which = np.unique(code, return_inverse=True)
    texts = [json.dumps([f for i, f in enumerate(FIELDS) if s >> i & 1]) for s in sets.tolist()]
    field_lists = np.array(texts, dtype=object)[which].tolist()
    form = rng.integers(0, len(CONTACT_FORMS), c)
    numbers = np.char.zfill(rng.integers(0, 1000, c).astype("U3"), 3).astype(object)
    pieces = [f.split("{n:03d}") for f in CONTACT_FORMS]
    heads = np.array([p[0] for p in pieces], dtype=object)[form]
    tails = np.array([p[1] for p in pieces], dtype=object)[form]
    contact_details = np.where(shared[:, FIELDS.index("contact_details")], heads + numbers + tails, "").astype(str)
    category = d.service_category[service]
    reason = np.full(c, "", dtype=object)
    has_reason = rng.random(c) < dist.CONNECTION_REASON_SHARE
    pick = rng.integers(0, 3, c)
    for k, key in enumerate(CATEGORY_KEYS):
        at = has_reason & (category == k)
        options = REASONS_BY_CATEGORY[key]
        reason[at] = np.array(options, dtype=object)[pick[at] % len(options)]

    loop = _loop(rng, d, org, sent_day, made_at, clock)
    connection_ids = uid(c)
    return _rows(
        loop,
        connection_ids,
        episode=episode,
        referral_ids=referral_ids,
        person_ids=person_ids[ep.person[episode]],
        pcn_ids=world.pcn_ids[ep.pcn[episode]],
        service_ids=d.service_ids[service],
        org_ids=d.org_ids[org],
        kind=np.array(KINDS)[kind],
        reason=reason.astype(str),
        field_lists=field_lists,
        consent=consent,
        contact_details=contact_details,
        sent_day=sent_day,
        made_at=made_at,
        made_by=made_by,
        partner=partner,
        rng=rng,
        uid=uid,
    )


def _loop(rng, d: Directory, org, sent_day, made_at, clock: Clock) -> dict:
    """The closed loop as up to SLOTS status events per connection (status, side is the service's unless
    `by_referrer`, day, reason), cut at the last day; and engagement, first session and outcome."""
    c = len(org)
    capacity, typical_wait = d.capacity_on(org, sent_day)
    status = np.full((c, SLOTS), -1, dtype=np.int64)
    day = np.zeros((c, SLOTS), dtype=np.int64)
    by_referrer = np.zeros((c, SLOTS), dtype=bool)
    reason = np.full((c, SLOTS), "", dtype=object)
    status[:, 0], day[:, 0], by_referrer[:, 0] = REQUESTED, sent_day, True

    lo, hi = dist.REPLY_WORKING_DAYS
    reply_day = from_working_index(working_index(sent_day) + rng.integers(lo, hi + 1, c))
    u = rng.random(c)
    early_cancel = u < dist.CANCELLED_BEFORE_REPLY
    silent = ~early_cancel & (u < dist.CANCELLED_BEFORE_REPLY + dist.NEVER_REPLIES)
    reject_share = np.array([dist.REJECTED_BY_CAPACITY[k] for k in ("accepting", "waiting_list", "closed")])[capacity]
    rejected = ~early_cancel & ~silent & (rng.random(c) < reject_share)
    accepted = ~early_cancel & ~silent & ~rejected
    status[early_cancel, 1] = CANCELLED
    by_referrer[early_cancel, 1] = True
    reason[early_cancel, 1] = _pick(rng, REFERRER_CANCEL_REASONS, int(early_cancel.sum()))
    status[silent, 1] = CANCELLED
    by_referrer[silent, 1] = True
    reason[silent, 1] = NO_REPLY_REASON
    lo, hi = dist.CHASED_AFTER_WORKING_DAYS
    chased_day = from_working_index(working_index(sent_day) + rng.integers(lo, hi + 1, c))
    status[rejected, 1] = REJECTED
    capacity_reason = _pick(rng, REJECT_REASONS["capacity"], c)
    other_reason = _pick(rng, REJECT_REASONS["other"], c)
    reason[rejected, 1] = np.where(capacity[rejected] == CLOSED, capacity_reason[rejected], other_reason[rejected])
    status[accepted, 1] = ACCEPTED
    day[:, 1] = np.where(silent, chased_day, reply_day)

    # Expected start: soon, after the typical wait of a waiting list, or months for a closed organisation.
    soon = rng.integers(dist.ACCEPTING_START_DAYS[0], dist.ACCEPTING_START_DAYS[1] + 1, c)
    queued = np.maximum(1, np.round(np.maximum(typical_wait, 1) * rng.lognormal(0.0, 0.3, c))).astype(np.int64)
    months = rng.integers(dist.CLOSED_START_DAYS[0], dist.CLOSED_START_DAYS[1] + 1, c)
    wait = np.select([capacity == WAITING_LIST, capacity == CLOSED], [queued, months], soon)
    expected = np.maximum(_working(sent_day + wait), reply_day + 1)
    expected_on = np.where(accepted, expected, NULL)

    hold = accepted & (rng.random(c) < dist.ON_HOLD_SHARE)
    hold_day = reply_day + np.maximum(1, (expected - reply_day) // 2)
    status[hold, 2], day[:, 2] = ON_HOLD, hold_day
    reason[hold, 2] = "The group is paused for a few weeks."
    after = np.where(hold, hold_day, reply_day)

    v = rng.random(c)
    attends = accepted & (v < dist.ATTENDS)
    cancelled = accepted & ~attends & (v < dist.ATTENDS + dist.CANCELLED_AFTER_ACCEPT)
    no_show = accepted & ~attends & ~cancelled
    start = np.maximum(_working(expected + rng.integers(-2, 8, c)), after + 1)
    start = np.where(hold, np.maximum(start, hold_day + 14), start)
    status[attends, 3] = IN_PROGRESS
    status[no_show, 3] = FAILED
    reason[no_show, 3] = np.where(
        rng.random(int(no_show.sum())) < 0.6, _pick(rng, FAILED_REASONS, int(no_show.sum())), ""
    )
    status[cancelled, 3] = CANCELLED
    service_cancels = rng.random(c) < 0.3
    by_referrer[cancelled & ~service_cancels, 3] = True
    referrer_reason = _pick(rng, REFERRER_CANCEL_REASONS, c)
    service_reason = _pick(rng, SERVICE_CANCEL_REASONS, c)
    reason[cancelled, 3] = np.where(service_cancels[cancelled], service_reason[cancelled], referrer_reason[cancelled])
    day[:, 3] = np.where(no_show, _working(start + rng.integers(7, 22, c)), start)
    day[:, 3] = np.where(cancelled, _working(after + rng.integers(3, 20, c)), day[:, 3])

    w = rng.random(c)
    completed = attends & (w < dist.COMPLETED_SHARE)
    failed = attends & ~completed & (w < dist.COMPLETED_SHARE + dist.FAILED_AFTER_START)
    status[completed, 4] = COMPLETED
    status[failed, 4] = FAILED
    reason[failed, 4] = "Came once then stopped."
    lo, hi = dist.COMPLETED_AFTER_DAYS
    day[:, 4] = _working(start + rng.integers(lo, hi + 1, c))

    # Each event at least a day after the one before; cut everything after the last day (later events too).
    day = np.maximum.accumulate(np.where(status >= 0, day, 0), axis=1)
    happened = (status >= 0) & (day <= clock.last_day)
    happened = np.logical_and.accumulate(happened | (status < 0), axis=1) & (status >= 0)
    moments = clock.local_to_utc(day.ravel(), working_time(rng, c * SLOTS, 9, 17)).reshape(c, SLOTS)
    moments[:, 0] = made_at
    moments = np.maximum.accumulate(np.where(happened, moments, 0), axis=1)
    moments[:, 1:] = np.maximum(moments[:, 1:], moments[:, :-1] + MINUTE)

    # Engagement: reported with the first session (most), or as did-not-engage when the person never came; the
    # service's feedback with the completion.
    seen = happened[:, 3] & (status[:, 3] == IN_PROGRESS)
    reported = seen & (rng.random(c) < dist.FIRST_SEEN_REPORTED)
    first_seen = np.where(reported, day[:, 3], NULL)
    did_not = happened[:, 3] & (status[:, 3] == FAILED) & (rng.random(c) < dist.DID_NOT_ENGAGE_REPORTED)
    engagement = np.where(reported, "engaged", np.where(did_not, "did_not_engage", "unknown"))
    done = happened[:, 4] & (status[:, 4] == COMPLETED)
    outcome = np.where(done & (rng.random(c) < dist.OUTCOME_SHARE), _pick(rng, OUTCOMES, c), "")
    engaged_at = np.where(reported, moments[:, 3] + MINUTE, NULL)
    engaged_at = np.where(did_not, moments[:, 3] + MINUTE, engaged_at)
    engaged_at = np.where(outcome != "", moments[:, 4] + MINUTE, engaged_at)
    return {
        "status": status,
        "day": day,
        "moments": moments,
        "by_referrer": by_referrer,
        "reason": reason,
        "happened": happened,
        "expected_on": expected_on,
        "first_seen": first_seen,
        "engagement": engagement,
        "outcome": outcome,
        "engaged_at": engaged_at,
    }


def _rows(loop: dict, connection_ids: np.ndarray, *, rng, uid, **c) -> dict[str, dict]:
    happened = loop["happened"]
    n = len(connection_ids)
    last = SLOTS - 1 - np.argmax(happened[:, ::-1], axis=1)  # the last event that happened (the first always has)
    rows_ = np.arange(n)
    final = loop["status"][rows_, last] if n else np.zeros(0, dtype=np.int64)
    changed_at = loop["moments"][rows_, last] if n else np.zeros(0, dtype=np.int64)
    accepted_happened = happened[:, 1] & (loop["status"][:, 1] == ACCEPTED)
    expected_on = np.where(accepted_happened, loop["expected_on"], NULL)
    updated = np.maximum(changed_at, loop["engaged_at"])
    connection = {
        "id": connection_ids,
        "created_at": c["made_at"],
        "updated_at": updated,
        "created_by_id": c["made_by"],
        "referral_id": c["referral_ids"][c["episode"]],
        "person_id": c["person_ids"],
        "pcn_id": c["pcn_ids"],
        "service_id": c["service_ids"],
        "organisation_id": c["org_ids"],
        "kind": c["kind"],
        "reason": c["reason"],
        "shared_fields": c["field_lists"],
        "consent": c["consent"],
        "contact_details": c["contact_details"],
        "sent_on": c["sent_day"],
        "status": np.array(STATUS)[final] if n else np.zeros(0, dtype=str),
        "status_changed_at": changed_at,
        "expected_start_on": expected_on,
        "engagement": loop["engagement"],
        "first_seen_on": loop["first_seen"],
        "outcome": loop["outcome"],
    }
    who, slot = np.nonzero(happened)  # connection-major, time order within each
    status = loop["status"][who, slot]
    previous = np.full(len(who), -1, dtype=np.int64)
    if len(who) > 1:
        same = who[1:] == who[:-1]
        previous[1:] = np.where(same, status[:-1], -1)
    referrer = loop["by_referrer"][who, slot]
    at = loop["moments"][who, slot]
    from_status = np.where(previous >= 0, np.array(("", *STATUS))[previous + 1], "")
    changes = {
        "id": uid(len(who)),
        "created_at": at,
        "updated_at": at,
        "created_by_id": np.where(referrer, c["made_by"][who], c["partner"][who]),
        "connection_id": connection_ids[who],
        "from_status": from_status.astype(str),
        "to_status": np.array(STATUS)[status] if len(who) else np.zeros(0, dtype=str),
        "side": np.where(referrer, rules.REFERRER, rules.SERVICE),
        "reason": loop["reason"][who, slot].astype(str),
    }
    return {
        "connection": connection,
        "connectionstatuschange": changes,
        "connectionengagementreport": _reports(loop, connection_ids, uid=uid, partner=c["partner"]),
    }


def _reports(loop: dict, connection_ids: np.ndarray, *, uid, partner: np.ndarray) -> dict:
    """Every report of whether the person went, as connections.services.record_engagement keeps them (ADR 0050): the
    service's report with the first session (or that the person never came), then its feedback at completion."""
    first = loop["engagement"] != "unknown"
    feedback = loop["outcome"] != ""
    who = np.concatenate([np.nonzero(first)[0], np.nonzero(feedback)[0]])
    at = np.concatenate([loop["moments"][first, 3], loop["moments"][feedback, 4]]) + MINUTE
    order = np.lexsort((at, who))
    who, at = who[order], at[order]
    with_outcome = np.concatenate([np.zeros(int(first.sum()), dtype=bool), np.ones(int(feedback.sum()), dtype=bool)])
    return {
        "id": uid(len(who)),
        "created_at": at,
        "updated_at": at,
        "created_by_id": partner[who],
        "connection_id": connection_ids[who],
        "side": np.full(len(who), rules.SERVICE),
        "engagement": loop["engagement"][who].astype(str),
        "first_seen_on": loop["first_seen"][who],
        "outcome": np.where(with_outcome[order], loop["outcome"][who], "").astype(str),
    }


def _empty() -> dict[str, dict]:
    from linkwork.synthetic.loader import TABLES, columns_of

    keys = ("connection", "connectionstatuschange", "connectionengagementreport")
    return {key: {name: np.zeros(0, dtype="S32") for name, _ in columns_of(TABLES[key])} for key in keys}
