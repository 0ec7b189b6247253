"""Deprivation deciles from a small area's rank in its country's index of multiple deprivation.

Each UK country ranks its own small areas, 1 the most deprived (England's LSOAs in the English Indices of
Deprivation; Wales's in WIMD; Scotland's data zones in SIMD; Northern Ireland's SOAs in NIMDM). Decile 1 is the
most deprived tenth of the country's areas, decile 10 the least: decile = ceiling(10 x rank / areas). The number
of areas of each country's index is data (geography/data/deprivation.yaml), as it changes with each edition.
"""

import math


class RankOutOfRange(ValueError):
    pass


def decile(rank: int, areas: int) -> int:
    """The decile (1 most deprived .. 10 least) of `rank` among `areas` ranked areas."""
    if not 1 <= rank <= areas:
        raise RankOutOfRange(f"rank {rank} is not between 1 and {areas}")
    return math.ceil(10 * rank / areas)
