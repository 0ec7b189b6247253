"""When each measure is due in an episode, and whether it is done, due, overdue or missed. Pure: plain values.

The points (baseline, 6 months, 12 months), the instruments at each and the windows around them are data
(data/schedule.yaml, seed 003 section 11 and Appendix 6); this module only does the date arithmetic. Periods are
half-open, [from, to) (DESIGN: time is explicit). A point may be for a licensed instrument (PAM), scheduled only
where the episode's PCN holds the licence, and may count a response taken early (a PAM reassessment once the person
has taken up the support).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path

from linkwork.core.data_files import DataFileError, read_data_file
from linkwork.core.dates import add_months

SCHEDULE_FILE = Path(__file__).parents[1] / "data" / "schedule.yaml"

DONE = "done"
UPCOMING = "upcoming"
DUE = "due"
OVERDUE = "overdue"
MISSED = "missed"
# The episode closed before the measure's window opened, so it is not asked for.
NOT_NEEDED = "not_needed"
OUTSTANDING = frozenset({DUE, OVERDUE})


@dataclass(frozen=True)
class SchedulePoint:
    key: str
    label: str
    offset_months: int
    instruments: tuple[str, ...]
    opens_days_before_due: int
    overdue_days_after_due: int
    closes_days_after_due: int
    # Scheduled only for the instruments whose licence the episode's PCN holds (measures.licences).
    pcn_licence: bool = False
    # A response taken from this many months before the due date counts for the point, though the point is not due
    # (nor shown as due) until it opens: seed 003 Appendix 6 lets a PAM reassessment come 3 months after the last.
    early_months_before_due: int = 0


@dataclass(frozen=True)
class Schedule:
    source: str
    points: tuple[SchedulePoint, ...]

    @property
    def instruments(self) -> frozenset[str]:
        return frozenset(k for p in self.points for k in p.instruments)


class ScheduleError(ValueError):
    pass


def load_schedule(path: Path = SCHEDULE_FILE) -> Schedule:
    """Read and check a schedule file; the error names the file and the problem."""
    try:
        raw = read_data_file(path)
    except DataFileError as exc:
        raise ScheduleError(str(exc)) from exc
    points = []
    for i, p in enumerate(raw.get("points") or []):
        try:
            point = SchedulePoint(
                key=str(p["key"]),
                label=str(p["label"]),
                offset_months=int(p["offset_months"]),
                instruments=tuple(p["instruments"]),
                opens_days_before_due=int(p["opens_days_before_due"]),
                overdue_days_after_due=int(p["overdue_days_after_due"]),
                closes_days_after_due=int(p["closes_days_after_due"]),
                pcn_licence=bool(p.get("pcn_licence", False)),
                early_months_before_due=int(p.get("early_months_before_due", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ScheduleError(f"{path}: points[{i}] is missing or has a malformed {exc}") from exc
        if not (point.opens_days_before_due >= 0 and 0 < point.overdue_days_after_due <= point.closes_days_after_due):
            raise ScheduleError(f"{path}: points[{i}] needs 0 <= opens, 0 < overdue <= closes")
        if not 0 <= point.early_months_before_due <= point.offset_months:
            raise ScheduleError(f"{path}: points[{i}] needs 0 <= early_months_before_due <= offset_months")
        points.append(point)
    if not points:
        raise ScheduleError(f"{path}: at least one point is required")
    for instrument in {k for p in points for k in p.instruments}:
        own = [p for p in points if instrument in p.instruments]
        for earlier, later in pairwise(own):
            if later.offset_months <= earlier.offset_months:
                raise ScheduleError(f"{path}: points must be in order of offset_months ({later.key})")
            # A month is at least 28 days, so this keeps one instrument's windows apart in every calendar.
            months = later.offset_months - earlier.offset_months
            early = (months - later.early_months_before_due) * 28 <= earlier.closes_days_after_due
            if months * 28 <= earlier.closes_days_after_due + later.opens_days_before_due or early:
                raise ScheduleError(f"{path}: the windows of {earlier.key} and {later.key} may overlap")
    return Schedule(source=str(raw["source"]), points=tuple(points))


@cache
def schedule() -> Schedule:
    return load_schedule()


@dataclass(frozen=True)
class MeasureDue:
    """One instrument at one point of one episode's schedule."""

    point: str
    point_label: str
    instrument: str
    due_on: date
    opens_on: date
    overdue_from: date
    closes_on: date
    status: str
    taken_on: date | None = None

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING


def episode_schedule(
    plan: Schedule,
    *,
    received_on: date,
    accepted_on: date | None,
    closed_on: date | None,
    taken: Iterable[tuple[str, date]],
    today: date,
    licensed: frozenset[str] = frozenset(),
) -> list[MeasureDue]:
    """Every scheduled measure of one episode with its status on `today`.

    `taken` is (instrument key, taken_on) for the episode's responses; `licensed` the per-PCN-licensed instruments
    the episode's PCN holds a licence for (a point marked pcn_licence asks only for those). Nothing is scheduled
    before the person accepts support. A point whose window opens after the episode closed is not needed; one whose
    window opened while the episode was open and that was not taken is missed once the episode closes.
    """
    if accepted_on is None:
        return []
    taken_by_instrument: dict[str, list[date]] = {}
    for key, on in taken:
        taken_by_instrument.setdefault(key, []).append(on)
    out = []
    seen: set[str] = set()  # instruments whose first point (their baseline) has been scheduled
    for point in plan.points:
        due_on = add_months(accepted_on, point.offset_months)
        opens_on = due_on - timedelta(days=point.opens_days_before_due)
        overdue_from = due_on + timedelta(days=point.overdue_days_after_due)
        closes_on = due_on + timedelta(days=point.closes_days_after_due)
        for key in point.instruments:
            if point.pcn_licence and key not in licensed:
                continue
            if key not in seen:
                counts_from = min(received_on, opens_on)  # the first conversation may come before acceptance
                seen.add(key)
            else:
                counts_from = min(opens_on, add_months(due_on, -point.early_months_before_due))
            within = sorted(d for d in taken_by_instrument.get(key, ()) if counts_from <= d < closes_on)
            taken_on: date | None
            if within:
                status, taken_on = DONE, within[0]
            else:
                taken_on = None
                if closed_on is not None and closed_on < opens_on:
                    status = NOT_NEEDED
                elif today >= closes_on or closed_on is not None:
                    status = MISSED
                elif today < opens_on:
                    status = UPCOMING
                elif today < overdue_from:
                    status = DUE
                else:
                    status = OVERDUE
            out.append(
                MeasureDue(
                    point=point.key,
                    point_label=point.label,
                    instrument=key,
                    due_on=due_on,
                    opens_on=opens_on,
                    overdue_from=overdue_from,
                    closes_on=closes_on,
                    status=status,
                    taken_on=taken_on,
                )
            )
    return out
