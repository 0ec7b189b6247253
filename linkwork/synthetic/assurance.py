"""Agreements to connect rest on a confident prompt sheet (seed 003 Appendix 5, steps 2 to 5; quality.policy.
agreement_refusal), in the directory's rows before they are loaded.

directory.build works through a prompt sheet with each organisation before a PCN's first agreement with it and, for
a few (the not-confident share), signs anyway. Here each such pair gets what a link worker would do: the actions
agreed are done, the prompt sheet is worked through again, confident, between the first conversation and the
signing, and the first agreement names that second sheet. Later agreements with the pair (reviews) rest on it too.
The first, not-confident sheet stays, with its actions, so the history still shows the line manager being involved.
"""

from collections import defaultdict

import numpy as np

from linkwork.synthetic import ids
from linkwork.synthetic.clock import Clock, working_time

RECHECK_NOTES = "Worked through again once the actions agreed were done."


def _key(org, pcn) -> tuple[bytes, bytes]:
    return bytes(org), bytes(pcn)


def confident_before_signing(rows: dict, seed: int, clock: Clock) -> int:
    """Add the confident second prompt sheet where an agreement would rest on a not-confident one; how many."""
    sheets, agreements = rows.get("qualityassessment"), rows.get("agreement")
    if not sheets or not agreements or not len(agreements["id"]):
        return 0
    by_pair: dict[tuple[bytes, bytes], list[int]] = defaultdict(list)
    for i, (org, pcn) in enumerate(zip(sheets["organisation_id"], sheets["pcn_id"], strict=True)):
        by_pair[_key(org, pcn)].append(i)
    first_signing: dict[tuple[bytes, bytes], tuple[int, int]] = {}  # pair -> (earlier signature, agreement row)
    for j, (org, pcn) in enumerate(zip(agreements["organisation_id"], agreements["pcn_id"], strict=True)):
        signed = int(min(agreements["pcn_signed_on"][j], agreements["organisation_signed_on"][j]))
        pair = _key(org, pcn)
        if pair not in first_signing or signed < first_signing[pair][0]:
            first_signing[pair] = (signed, j)

    copies, days, renamed = [], [], []
    for pair, (signed, j) in first_signing.items():
        before = [i for i in by_pair.get(pair, []) if sheets["assessed_on"][i] <= signed]
        if not before:
            continue
        latest = max(before, key=lambda i: (sheets["assessed_on"][i], sheets["created_at"][i]))
        if sheets["confident"][latest]:
            continue
        # Halfway between the first conversation and the earlier signature (directory.build leaves at least 3 days).
        day = int(sheets["assessed_on"][latest]) + max(1, (signed - int(sheets["assessed_on"][latest])) // 2)
        copies.append(latest)
        days.append(min(day, signed))
        renamed.append(j)
    if not copies:
        return 0

    n = len(copies)
    rng = ids.stream(seed, ids.ASSURANCE)
    new_ids = ids.Uuids(seed, ids.WORLD_CHUNK, ids.ASSURANCE_UUIDS)(n)
    day = np.array(days, dtype=np.int64)
    at = clock.local_to_utc(day, working_time(rng, n, 9, 17))
    source = np.array(copies, dtype=np.int64)
    added = {
        "id": new_ids,
        "created_at": at,
        "updated_at": at,
        "assessed_on": day,
        "confident": np.ones(n, dtype=bool),
        "notes": np.full(n, RECHECK_NOTES),
        "actions_agreed": np.full(n, ""),
    }
    for name, column in sheets.items():
        if name in added:
            continue
        if isinstance(column, list):
            added[name] = [column[i] for i in copies]
        else:
            added[name] = np.asarray(column)[source]
    for name, column in sheets.items():
        if isinstance(column, list):
            sheets[name] = column + list(added[name])
        else:
            sheets[name] = np.concatenate([np.asarray(column), np.asarray(added[name])])
    assessment = np.array(agreements["assessment_id"], dtype="S32")
    assessment[np.array(renamed, dtype=np.int64)] = new_ids
    agreements["assessment_id"] = assessment
    return n
