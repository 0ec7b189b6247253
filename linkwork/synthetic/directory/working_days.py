"""Working days and moments within them, for the directory's rows."""

from functools import cache

import numpy as np

from linkwork.core.dates import add_months
from linkwork.synthetic.clock import Clock, day_date, day_number, from_working_index, working_index, working_time


def moments(clock: Clock, days: np.ndarray, rng: np.random.Generator, lo: float = 9, hi: float = 17) -> np.ndarray:
    days = from_working_index(working_index(days))
    return clock.local_to_utc(days, working_time(rng, len(days), lo, hi))


def working(days: np.ndarray) -> np.ndarray:
    return from_working_index(working_index(days))


def working_day(day: int) -> int:
    """working for one day: a weekend day moves to the Monday after (1970-01-01, day 0, was a Thursday)."""
    weekday = (day + 3) % 7  # 0 Monday
    return day + (7 - weekday if weekday >= 5 else 0)


@cache
def review_due(day: int, months: int) -> int:
    return day_number(add_months(day_date(day), months))
