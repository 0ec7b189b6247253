"""What organisations say over time: capacity statements and confidence survey answers."""

import numpy as np

from linkwork.community import quality
from linkwork.synthetic import distributions as dist
from linkwork.synthetic.clock import Clock
from linkwork.synthetic.directory.arrays import CAPACITY, WAITING_LIST, Pcn, choice
from linkwork.synthetic.directory.catalogue import GAPS, SUPPORT_NEEDED, WHAT_WOULD_HELP
from linkwork.synthetic.directory.working_days import moments, working


def capacity_statements(rng, uid, clock: Clock, n_org: int, org_ids, org_partner) -> dict:
    """Statements over the history, each repeating the organisation's usual state most of the time."""
    usual = choice(rng, list(dist.CAPACITY_SHARES.values()), n_org)
    lo, hi = dist.CAPACITY_EVERY_DAYS
    orgs, days = [], []
    start = clock.first_day - rng.integers(0, 200, n_org)
    for o in range(n_org):
        d = int(start[o])
        while d <= clock.last_day:
            orgs.append(o)
            days.append(d)
            d += int(rng.integers(lo, hi + 1))
    org = np.array(orgs, dtype=np.int64)
    day = working(np.array(days, dtype=np.int64))
    day = np.minimum(day, working(np.array([clock.last_day]))[0])
    day = np.where(day > clock.last_day, day - 3, day)
    n = len(org)
    drawn = choice(rng, list(dist.CAPACITY_SHARES.values()), n)
    status = np.where(rng.random(n) < dist.CAPACITY_KEEPS, usual[org], drawn)
    wait = np.exp(np.log(dist.WAITING_LIST_DAYS) + 0.5 * rng.standard_normal(n)).round().astype(np.int64).clip(1, 365)
    wait = np.where(status == WAITING_LIST, wait, 0)
    at = moments(clock, day, rng)
    order = np.lexsort((day, org))
    return {
        "_org": org[order],
        "_day": day[order],
        "_status": status[order],
        "_wait": wait[order],
        "rows": {
            "id": uid(n),
            "created_at": at,
            "updated_at": at,
            "created_by_id": org_partner[org],
            "organisation_id": org_ids[org],
            "status": np.array(CAPACITY)[status],
            "typical_wait_days": [int(w) if w else None for w in wait.tolist()],
            "stated_on": day,
        },
    }


def confidence_surveys(rng, uid, clock: Clock, org_ids, org_partner, org_icb, demand, pcns: list[Pcn]) -> dict:
    """Some organisations answer the confidence survey about every six months (on the web, or by phone to a link
    worker of a PCN in their ICB); some have let it lapse."""
    n_org = len(org_ids)
    answering = np.nonzero(rng.random(n_org) < dist.SURVEY_SHARE)[0]
    lw_by_icb: dict[int, bytes] = {}
    for p in pcns:
        if p.link_workers:
            lw_by_icb.setdefault(int(p.icb), p.link_workers[0])
    orgs, days = [], []
    for o in answering:
        d = clock.first_day + int(rng.integers(0, 180))
        stop = clock.last_day if rng.random() < 0.75 else clock.last_day - int(rng.integers(120, 300))
        while d <= stop:
            orgs.append(int(o))
            days.append(d)
            d += int(rng.integers(*dist.SURVEY_EVERY_DAYS))
    org = np.array(orgs, dtype=np.int64)
    n = len(org)
    day = working(np.array(days, dtype=np.int64)) if n else np.zeros(0, dtype=np.int64)
    day = np.where(day > clock.last_day, day - 3, day)
    phone_by = np.array([lw_by_icb.get(int(i), b"") for i in org_icb[org]], dtype="S32") if n else np.zeros(0, "S32")
    web = (rng.random(n) < dist.SURVEY_WEB_SHARE) | (phone_by == b"")
    coped = np.array(list(dist.COPED_WELL_SHARES))[choice(rng, list(dist.COPED_WELL_SHARES.values()), n)]
    disagree = np.isin(coped, list(quality.DISAGREEING))
    helps = np.array(WHAT_WOULD_HELP)[rng.integers(0, len(WHAT_WOULD_HELP), n)]
    at = moments(clock, day, rng) if n else np.zeros(0, dtype=np.int64)
    people_connected = np.round(demand[org] * rng.lognormal(1.5, 0.5, n)).astype(np.int64)
    return {
        "id": uid(n),
        "created_at": at,
        "updated_at": at,
        "created_by_id": np.where(web, org_partner[org], phone_by),
        "organisation_id": org_ids[org],
        "answered_on": day,
        "via": np.where(web, "web", "phone"),
        "people_connected": [
            int(v) if keep else None
            for v, keep in zip(people_connected.tolist(), (rng.random(n) < 0.9).tolist(), strict=True)
        ],
        "coped_well": coped.astype(str),
        "what_would_help": np.where(disagree & (rng.random(n) < 0.85), helps, "").astype(str),
        "volunteers": [int(v) for v in rng.integers(0, 60, n).tolist()],
        "gaps": np.where(rng.random(n) < 0.5, np.array(GAPS)[rng.integers(0, len(GAPS), n)], "").astype(str),
        "support_needed": np.where(
            rng.random(n) < 0.5, np.array(SUPPORT_NEEDED)[rng.integers(0, len(SUPPORT_NEEDED), n)], ""
        ).astype(str),
    }
