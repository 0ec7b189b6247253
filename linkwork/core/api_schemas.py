"""Field types and refusal bodies for hardened API routes: strict types (a number is not a date, "yes" is not a
boolean), bounded text, and the 4xx bodies every route documents in OpenAPI (ADR 0004's shapes)."""

import re
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    """JSON has no date type: a date is a "YYYY-MM-DD" string, nothing else (pydantic alone would also take the number
    0 as 1 January 1970, or a date and time)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError("date", "give a date as YYYY-MM-DD, e.g. 2026-11-20")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]
StrictBoolean = Annotated[bool, Field(strict=True)]


def text(max_length: int) -> Any:
    """A string of at most `max_length` characters; a number or a list is refused rather than turned into text."""
    return Annotated[str, StringConstraints(strict=True, max_length=max_length)]


def whole_number(low: int, high: int) -> Any:
    """A whole number from `low` to `high`; not a string of digits, not a decimal, not a boolean."""
    return Annotated[int, Field(strict=True, ge=low, le=high)]


class FieldErrorOut(Schema):
    field: str
    rule: str
    message: str


class ErrorsOut(Schema):
    """422: every broken rule, naming the field and the rule; nothing was stored."""

    detail: list[FieldErrorOut]


class MessageOut(Schema):
    """401, 403 (the permission the role lacks) and 404 (not found, or outside the caller's scope)."""

    detail: str


# The refusals every authenticated route can answer, for `response={...}`.
REFUSALS: dict[int, Any] = {401: MessageOut, 403: MessageOut, 404: MessageOut, 422: ErrorsOut}
