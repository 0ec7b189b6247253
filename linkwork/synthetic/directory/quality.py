"""Each PCN's quality assurance with the organisations it works with: assessments against the prompt sheets,
agreements to connect reviewed yearly, leadership changes, exceptions, catch-ups; and the days the PCN may connect
people to each organisation."""

import json

import numpy as np

from linkwork.community import quality
from linkwork.synthetic import distributions as dist
from linkwork.synthetic.clock import NULL, Clock
from linkwork.synthetic.directory.arrays import Pcn
from linkwork.synthetic.directory.catalogue import (
    ACTIONS,
    ASSESSMENT_NOTES,
    CATCH_UP_NOTES,
    EXCEPTION_REASONS,
    SIGNATORY_ROLES,
)
from linkwork.synthetic.directory.working_days import moments, review_due, working_day


def pairs_working_together(
    rng, pcns: list[Pcn], org_icb: np.ndarray, demand: np.ndarray, others: float
) -> list[tuple[int, int]]:
    """(pcn, organisation) pairs a PCN works with: the busiest organisations of its ICB, and some others."""
    found: list[tuple[int, int]] = []
    by_icb: dict[int, np.ndarray] = {}
    for icb in {int(p.icb) for p in pcns}:
        members = np.nonzero(org_icb == icb)[0]
        by_icb[icb] = members[np.argsort(-demand[members])]
    for p, pcn in enumerate(pcns):
        members = by_icb.get(int(pcn.icb), np.zeros(0, dtype=np.int64))
        top = max(1, round(len(members) * dist.PCN_WORKS_WITH_TOP))
        keep = np.arange(len(members)) < top
        keep |= rng.random(len(members)) < others
        found.extend((p, int(o)) for o in members[keep])
    return found


class _Rows:
    """Rows collected one by one, handed over as typed column arrays (typed even when there are none)."""

    def __init__(self, **dtypes):
        self.dtypes = dtypes
        self.columns: dict[str, list] = {n: [] for n in dtypes}

    def add(self, **values):
        for k, v in values.items():
            self.columns[k].append(v)

    def arrays(self) -> dict[str, np.ndarray]:
        return {k: np.array(v, dtype=self.dtypes[k]) for k, v in self.columns.items()}


def quality_assurance(rng, uid, clock: Clock, pcns: list[Pcn], pairs, org_ids, org_kind, people) -> dict:
    """Each pair's chain of agreements (with the assessment before the first), leadership changes, exceptions that
    bridge some lapses, catch-ups; and the days the PCN may connect people to the organisation."""
    sheets = quality.prompt_sheets()
    review_months = sheets["review_after_months"]
    last = clock.last_day
    int64 = np.int64
    assessments = _Rows(pair=int64, day=int64, sheet=str, confident=bool)
    agreements = _Rows(pair=int64, assessment=int64, pcn_on=int64, org_on=int64, due=int64, leader=int64, sheet=str)
    exceptions = _Rows(pair=int64, granted=int64, expires=int64, reason=str)
    catch_ups = _Rows(pair=int64, day=int64, note=str)
    permits: list[tuple[int, int, int]] = []
    n_org = len(org_ids)
    for k, (p, o) in enumerate(pairs):
        sheet = quality.suggested_sheet(str(org_kind[o]))
        if rng.random() < dist.AGREEMENT_STARTED_BEFORE:
            signed = clock.first_day - int(rng.integers(0, 330))
        else:
            signed = clock.first_day + int(rng.integers(0, 600))
        signed = working_day(signed)
        if signed > last:
            continue
        assessed = working_day(signed - int(rng.integers(10, 30)))
        assessments.add(pair=k, day=assessed, sheet=sheet, confident=bool(rng.random() < 0.93))
        first_assessment = len(assessments.columns["pair"]) - 1
        spans = []
        while signed <= last:
            pcn_on = signed - int(rng.integers(0, 8))
            due = review_due(signed, review_months)
            leader = NULL
            if rng.random() < dist.LEADERSHIP_CHANGE_SHARE and due - signed > 60:
                change = signed + int(rng.integers(30, due - signed - 20))
                if change <= last:
                    leader = change
            agreements.add(
                pair=k,
                assessment=first_assessment
                if not agreements.columns["pair"] or agreements.columns["pair"][-1] != k
                else -1,
                pcn_on=pcn_on,
                org_on=signed,
                due=due,
                leader=leader,
                sheet=sheet,
            )
            end = leader if leader != NULL else due
            if leader != NULL:
                following = leader + int(rng.integers(14, 75))
            elif rng.random() < dist.AGREEMENT_REVIEWED_ON_TIME:
                following = due - int(rng.integers(0, 30))
            else:
                following = due + int(rng.integers(10, 90))
            following = max(working_day(following), signed + 1)
            if following <= last and due <= last and rng.random() < dist.NOT_REVIEWED_SHARE:
                following = last + 1  # never reviewed: lapsed since its review date
            spans.append((signed, min(end, following)))
            if following > end and end <= last and rng.random() < dist.EXCEPTION_IN_GAP_SHARE:
                granted = working_day(end + int(rng.integers(0, 10)))
                if granted <= last and granted < following:
                    expires = NULL if rng.random() < 0.3 else following + int(rng.integers(5, 40))
                    exceptions.add(
                        pair=k,
                        granted=granted,
                        expires=expires,
                        reason=EXCEPTION_REASONS[rng.integers(0, len(EXCEPTION_REASONS))],
                    )
                    spans.append((granted, last + 10_000 if expires == NULL else expires))
            signed = following
        # Catch-ups from the first signing, every three to six months; some stopped a while ago.
        first = spans[0][0]
        stop = last if rng.random() > dist.CATCH_UPS_STOP_SHARE else last - int(rng.integers(200, 400))
        d = first + int(rng.integers(*dist.CATCH_UP_EVERY_DAYS))
        while d <= stop:
            catch_ups.add(pair=k, day=working_day(d), note=CATCH_UP_NOTES[rng.integers(0, 4)])
            d += int(rng.integers(*dist.CATCH_UP_EVERY_DAYS))
        spans.sort()
        merged: list[list[int]] = []
        for s, e in spans:
            if e <= s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        permits.extend((p * n_org + o, s, e) for s, e in merged)

    pair_pcn = np.array([p for p, _ in pairs], dtype=np.int64)
    pair_org = np.array([o for _, o in pairs], dtype=np.int64)
    manager = np.array([p.manager for p in pcns], dtype="S32")
    manager_name = np.array([p.manager_name for p in pcns], dtype=str)
    lw = np.array([p.link_workers[0] if p.link_workers else p.manager for p in pcns], dtype="S32")

    a = assessments.arrays()
    n_a = len(a["pair"])
    assessment_ids = uid(n_a)
    a_pair = a["pair"]
    a_at = moments(clock, a["day"], rng)
    documents, checks = [], []
    for i in range(n_a):
        sheet = sheets["sheets"][str(a["sheet"][i])]
        documents.append(json.dumps({d["key"]: bool(rng.random() < 0.9) for d in sheet["documents"]}))
        checks.append(
            json.dumps(
                {c["key"]: {"notes": "Seen." if rng.random() < 0.3 else "", "evidence": ""} for c in sheet["checks"]}
            )
        )
    confident = a["confident"]
    notes = np.array(ASSESSMENT_NOTES)[rng.integers(0, len(ASSESSMENT_NOTES), n_a)]
    actions = np.where(confident, "", np.array(ACTIONS)[rng.integers(0, len(ACTIONS), n_a)])
    assessment_rows = {
        "id": assessment_ids,
        "created_at": a_at,
        "updated_at": a_at,
        "created_by_id": lw[pair_pcn[a_pair]],
        "organisation_id": org_ids[pair_org[a_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[a_pair]],
        "sheet": a["sheet"],
        "assessed_on": a["day"],
        "documents": documents,
        "checks": checks,
        "notes": notes.astype(str),
        "actions_agreed": actions.astype(str),
        "confident": confident,
    }

    g = agreements.arrays()
    n_g = len(g["pair"])
    g_pair = g["pair"]
    g_at = moments(clock, g["org_on"], rng, 12, 17)
    leaders = g["leader"]
    changed = leaders != NULL
    updated = np.where(changed, moments(clock, np.where(changed, leaders, g["org_on"]), rng), g_at)
    assessment = g["assessment"]
    org_signatory = np.char.add(
        np.char.add(people(n_g), ", "), np.array(SIGNATORY_ROLES)[rng.integers(0, len(SIGNATORY_ROLES), n_g)]
    )
    agreement_rows = {
        "id": uid(n_g),
        "created_at": g_at,
        "updated_at": updated,
        "created_by_id": manager[pair_pcn[g_pair]],
        "organisation_id": org_ids[pair_org[g_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[g_pair]],
        "assessment_id": np.where(assessment >= 0, assessment_ids[np.maximum(assessment, 0)] if n_a else b"", b""),
        "sheet": g["sheet"],
        "pcn_signatory": manager_name[pair_pcn[g_pair]],
        "pcn_signed_on": g["pcn_on"],
        "organisation_signatory": org_signatory,
        "organisation_signed_on": g["org_on"],
        "review_due_on": g["due"],
        "leadership_changed_on": leaders,
    }

    x = exceptions.arrays()
    n_x = len(x["pair"])
    x_pair = x["pair"]
    x_at = moments(clock, x["granted"], rng)
    exception_rows = {
        "id": uid(n_x),
        "created_at": x_at,
        "updated_at": x_at,
        "created_by_id": manager[pair_pcn[x_pair]],
        "organisation_id": org_ids[pair_org[x_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[x_pair]],
        "reason": x["reason"],
        "granted_on": x["granted"],
        "expires_on": x["expires"],
    }

    c = catch_ups.arrays()
    n_c = len(c["pair"])
    c_pair = c["pair"]
    c_at = moments(clock, c["day"], rng)
    catch_up_rows = {
        "id": uid(n_c),
        "created_at": c_at,
        "updated_at": c_at,
        "created_by_id": lw[pair_pcn[c_pair]],
        "organisation_id": org_ids[pair_org[c_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[c_pair]],
        "held_on": c["day"],
        "notes": c["note"],
    }

    permit = np.array(permits, dtype=np.int64).reshape(-1, 3)
    order = np.lexsort((permit[:, 1], permit[:, 0]))
    permit = permit[order]
    return {
        "_pair": permit[:, 0],
        "_start": permit[:, 1],
        "_end": permit[:, 2],
        "qualityassessment": assessment_rows,
        "agreement": agreement_rows,
        "catchup": catch_up_rows,
        "agreementexception": exception_rows,
    }
