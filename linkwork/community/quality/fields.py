"""The checks every quality assurance write shares: who acts for which PCN, which organisations take part, text
within its limit and dates that have happened. Each adds to the caller's ErrorCollector, so a write reports every
problem at once (ADR 0004)."""

from datetime import date
from typing import Any

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.community.quality.presenters import is_provider
from linkwork.core.errors import ErrorCollector, RuleViolation
from linkwork.core.roles import PCN_ROLES
from linkwork.core.text import words
from linkwork.organisations.models import Organisation

NAME_MAX = 200
TEXT_MAX = 5000


def pcn_of(user: User) -> Organisation:
    """The PCN a PCN role acts for; anyone else is refused."""
    if user.role not in PCN_ROLES:
        raise RuleViolation.single("user", "role", "only PCN staff record quality assurance with organisations")
    return user.organisation


def check_provider(organisation: Organisation, errors: ErrorCollector) -> None:
    if not is_provider(organisation):
        errors.add(
            "organisation",
            "kind",
            "quality assurance is for VCSE organisations, community groups and statutory services only",
        )


def clean_text(name: str, value: Any, errors: ErrorCollector, *, limit: int = TEXT_MAX, label: str = "") -> str:
    text = words(value)
    if len(text) > limit:
        errors.add(name, "max_length", f"{label or name.replace('_', ' ')} must be {limit:,} characters or fewer")
    return text


def past_date(name: str, value: Any, errors: ErrorCollector, label: str, *, required: bool = True) -> date | None:
    """A date that has happened: today or before."""
    if value is None or value == "":
        if required:
            errors.add(name, "required", f"give the date {label}")
        return None
    if not isinstance(value, date):
        errors.add(name, "date", f"give the date {label} as a date, e.g. 2026-11-03")
        return None
    if value > timezone.localdate():
        errors.add(name, "not_in_future", f"the date {label} must be today or in the past")
    return value
