"""Synthetic people: one chunk at a time, as columns."""

from dataclasses import dataclass

import numpy as np

from linkwork.synthetic import distributions as dist
from linkwork.synthetic import names, postcodes
from linkwork.synthetic.clock import Clock
from linkwork.synthetic.world import World


@dataclass
class People:
    ids: np.ndarray  # hex
    practice: np.ndarray  # index into world.practice_ids
    pcn: np.ndarray  # index into world.pcn_ids
    sex: np.ndarray  # index into dist.SEXES
    decile: np.ndarray  # IMD decile, 1 = most deprived
    columns: dict  # person rows, except the created_* and updated_at columns, which follow the first referral

    def __len__(self) -> int:
        return len(self.ids)


def _choice(rng: np.random.Generator, p, n: int) -> np.ndarray:
    return np.searchsorted(np.cumsum(dist.shares(p)), rng.random(n), side="right").clip(0, len(p) - 1)


def make_people(
    world: World, rng: np.random.Generator, person_ids: np.ndarray, nhs_numbers: np.ndarray, clock: Clock
) -> People:
    n = len(person_ids)
    practice = np.searchsorted(np.cumsum(world.practice_weight), rng.random(n), side="right")
    practice = practice.clip(0, len(world.practice_ids) - 1)
    sex = _choice(rng, dist.SEX_SHARES, n)
    decile = _choice(rng, dist.IMD_DECILE_RATES, n) + 1
    band = _choice(rng, dist.age_band_shares(), n)
    lows = np.array([lo for lo, _ in dist.AGE_BANDS])[band]
    highs = np.array([hi for _, hi in dist.AGE_BANDS])[band]
    age_days = ((lows + rng.random(n) * (highs + 1 - lows)) * 365.25).astype(np.int64)
    birth_day = clock.today_day - age_days

    female = np.array(names.FEMALE_GIVEN)[rng.integers(0, len(names.FEMALE_GIVEN), n)]
    male = np.array(names.MALE_GIVEN)[rng.integers(0, len(names.MALE_GIVEN), n)]
    either = rng.random(n) < 0.5
    given = np.where((sex == 0) | ((sex > 1) & either), female, male)
    family = np.array(names.FAMILY)[rng.integers(0, len(names.FAMILY), n)]
    columns = {
        "id": person_ids,
        "nhs_number": nhs_numbers,
        "given_name": given,
        "family_name": family,
        "birth_date": birth_day,
        "sex": np.array(dist.SEXES)[sex],
        # Near the practice, in a small area of the person's deprivation decile (synthetic.postcodes).
        "postcode": postcodes.people_postcodes(
            rng, world.practice_area[practice], world.practice_district[practice], decile
        ),
        "gp_practice_id": world.practice_ids[practice],
        "pcn_id": world.pcn_ids[world.practice_pcn[practice]],
        "imd_decile": decile,
    }
    return People(
        ids=person_ids, practice=practice, pcn=world.practice_pcn[practice], sex=sex, decile=decile, columns=columns
    )
