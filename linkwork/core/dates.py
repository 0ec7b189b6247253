"""Calendar arithmetic shared by the pure rule modules (plans, measures, community QA), and dates as people read
them."""

from calendar import monthrange
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter (31 January + 1 = 28/29
    February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def long_date(d: date) -> str:
    """A date as messages and pages write it: 4 December 2026."""
    return f"{d.day} {d:%B %Y}"
