"""Dates and times for synthetic data, as plain numbers so numpy can work on millions at once.

A day is an integer count of days since 1970-01-01; a moment is an integer count of seconds since
1970-01-01 00:00 UTC. Working-day times are chosen in local (Europe/London) time and turned into UTC
with a per-day offset table, so a contact "at 10:30" in July is stored as 09:30 UTC, as Django would.
Nothing here reads the real clock: every date is relative to the `today` the caller passes in.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

LONDON = ZoneInfo("Europe/London")
EPOCH = date(1970, 1, 1)
DAY_SECONDS = 86_400
# How far back the synthetic history reaches: referrals are received over the two years before today.
HISTORY_DAYS = 730
# Marks a missing date or moment in an int64 column (a NULL in the database).
NULL = np.iinfo(np.int64).min


def day_number(d: date) -> int:
    return (d - EPOCH).days


def day_date(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


@dataclass(frozen=True)
class Clock:
    """The fixed 'today' of one generation run and the helpers that depend on it."""

    today: date

    @property
    def today_day(self) -> int:
        return day_number(self.today)

    @property
    def first_day(self) -> int:
        """The earliest day a referral can be received."""
        return self.today_day - HISTORY_DAYS

    @property
    def last_day(self) -> int:
        """The last day anything happens: yesterday, so no record is later than the moment the data is used."""
        return self.today_day - 1

    def utc_offsets(self, lo: int, hi: int) -> np.ndarray:
        """Seconds to subtract from local midday-ish clock times to get UTC, for days lo..hi inclusive."""
        return np.array(
            [
                int(datetime.combine(day_date(d), time(12), LONDON).utcoffset().total_seconds())
                for d in range(lo, hi + 1)
            ],
            dtype=np.int64,
        )

    def local_to_utc(self, days: np.ndarray, local_seconds: np.ndarray) -> np.ndarray:
        """Moments (UTC seconds) for a local clock time on each day. Times must be working hours (07:00-20:00),
        which never fall in a daylight-saving change."""
        lo = min(int(days.min()), self.first_day) if days.size else self.first_day
        hi = max(int(days.max()), self.today_day + 400) if days.size else self.today_day
        offsets = self.utc_offsets(lo, hi)
        return days.astype(np.int64) * DAY_SECONDS + local_seconds.astype(np.int64) - offsets[days - lo]

    def local_day(self, moments: np.ndarray) -> np.ndarray:
        """The local (Europe/London) date of each UTC moment, as a day number (what timezone.localdate gives)."""
        approx = moments // DAY_SECONDS
        if not approx.size:
            return approx
        lo, hi = int(approx.min()) - 1, int(approx.max()) + 1
        offsets = self.utc_offsets(lo, hi)
        return (moments + offsets[approx - lo]) // DAY_SECONDS


def working_index(days: np.ndarray) -> np.ndarray:
    """Count of working days (Monday to Friday) since a fixed Monday; a weekend day counts as the next Monday."""
    weeks, weekday = np.divmod(np.asarray(days) + 3, 7)  # 1970-01-01 was a Thursday
    return weeks * 5 + np.minimum(weekday, 5)


def from_working_index(index: np.ndarray) -> np.ndarray:
    """The day number of each working-day index (always a Monday to Friday)."""
    weeks, weekday = np.divmod(np.asarray(index), 5)
    return weeks * 7 + weekday - 3


def working_time(rng: np.random.Generator, n: int, start_hour: float, end_hour: float, step_minutes: int = 5):
    """n local clock times (seconds after midnight) between start_hour and end_hour, on a step_minutes grid."""
    steps = int((end_hour - start_hour) * 60 // step_minutes)
    return (start_hour * 3600 + rng.integers(0, steps, n) * step_minutes * 60).astype(np.int64)


class Formatter:
    """Turns day numbers and UTC moments into the text the database drivers store, fast, via lookup tables."""

    FIRST = date(1900, 1, 1)
    LAST = date(2100, 12, 31)

    def __init__(self) -> None:
        self._day_lo = day_number(self.FIRST)
        days = np.arange(self._day_lo, day_number(self.LAST) + 1).astype("datetime64[D]")
        self._day_table = np.frombuffer(np.datetime_as_string(days).astype("S10").tobytes(), dtype=np.uint8)
        self._day_table = self._day_table.reshape(-1, 10)
        seconds = np.arange(DAY_SECONDS)
        table = np.full((DAY_SECONDS, 8), ord(":"), dtype=np.uint8)
        for col, value in (
            (0, seconds // 36000),
            (1, seconds // 3600 % 10),
            (3, seconds // 600 % 6),
            (4, seconds // 60 % 10),
            (6, seconds % 60 // 10),
            (7, seconds % 10),
        ):
            table[:, col] = ord("0") + value
        self._time_table = table

    def _days(self, days: np.ndarray) -> np.ndarray:
        return self._day_table[days - self._day_lo]

    def dates(self, days: np.ndarray) -> np.ndarray:
        """b'YYYY-MM-DD' (a bytes array); NULL entries become b''."""
        out = np.full(len(days), b"", dtype="S10")
        ok = days != NULL
        if ok.any():
            out[ok] = self._days(days[ok]).view("S10").ravel()
        return out

    def moments(self, moments: np.ndarray, suffix: bytes = b"") -> np.ndarray:
        """b'YYYY-MM-DD HH:MM:SS' plus suffix (e.g. b'+00' for PostgreSQL); NULL entries become b''."""
        width = 19 + len(suffix)
        out = np.full(len(moments), b"", dtype=f"S{width}")
        ok = moments != NULL
        if ok.any():
            m = moments[ok]
            buf = np.empty((len(m), width), dtype=np.uint8)
            buf[:, :10] = self._days(m // DAY_SECONDS)
            buf[:, 10] = ord(" ")
            buf[:, 11:19] = self._time_table[m % DAY_SECONDS]
            if suffix:
                buf[:, 19:] = np.frombuffer(suffix, dtype=np.uint8)
            out[ok] = buf.view(f"S{width}").ravel()
        return out
