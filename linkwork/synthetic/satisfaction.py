"""The satisfaction survey, asked only of people who said in part two of their plan that they are willing to complete
it (seed 003 Appendix 4, item 10; measures.policy.offers). Most who said yes answer it on the same call, straight
after part two, with the practitioner who asked part two; the rest never get round to it.

Rows in the measure response table's columns (measures.make_measures' shape), to load with the chunk's others.
"""

import numpy as np

from linkwork.synthetic import answers as ans
from linkwork.synthetic import distributions as dist
from linkwork.synthetic import ids
from linkwork.synthetic.clock import NULL, Clock
from linkwork.synthetic.episodes import Episodes
from linkwork.synthetic.people import People
from linkwork.synthetic.plans import Plans

MINUTE = 60


def make_satisfaction(
    plans: Plans,
    ep: Episodes,
    people: People,
    referral_ids: np.ndarray,
    rng: np.random.Generator,
    uid: ids.Uuids,
    clock: Clock,
) -> dict:
    agreed = (plans.part_two_at != NULL) & (plans.part_two["satisfaction_survey"] == "yes")
    asked = np.nonzero(agreed & (rng.random(len(plans)) < dist.SATISFACTION_TAKEN))[0]
    n = len(asked)
    at = plans.part_two_at[asked] + 5 * MINUTE
    answers, results = ans.encode_items("satisfaction", ans.satisfaction(rng, n))
    episode = plans.episode[asked]
    return {
        "id": uid(n),
        "created_at": at,
        "updated_at": at,
        "created_by_id": plans.part_two_by[asked],
        "referral_id": referral_ids[episode],
        "person_id": people.ids[ep.person[episode]],
        "instrument": np.full(n, "satisfaction"),
        "instrument_version": np.full(n, ans.definition("satisfaction").version),
        "taken_on": clock.local_day(at),
        "answers": answers,
        "results": results,
        "licence_reference": np.full(n, ""),
        "not_suitable_reason": np.full(n, ""),
        "support_taken_up": [None] * n,
    }


def joined(first: dict, second: dict) -> dict:
    """Two sets of measure response rows as one (the same columns)."""
    out = {}
    for name, column in first.items():
        other = second[name]
        if isinstance(column, list) or isinstance(other, list):
            out[name] = list(column) + list(other)
        else:
            out[name] = np.concatenate([np.asarray(column), np.asarray(other)])
    return out
