"""A UK postcode's format and its parts.

The format (Royal Mail's, as the ONS Postcode Directory holds it): an outward code of an area (one or two letters),
a district (a digit, then an optional digit or letter) and, in central London, a sub-district letter; a space; an
inward code of a sector digit and two unit letters, never C, I, K, M, O or V. "LS1 4AP": area LS, district LS1,
sector LS1 4, unit LS1 4AP.
"""

import re

POSTCODE_SHAPE = re.compile(r"^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? [0-9][ABD-HJLNP-UW-Z]{2})$")
# A postcode's area (its letters) and district (its outward code), from the start of a postcode in capitals.
_POSTCODE_START = re.compile(r"^(?P<district>(?P<area>[A-Z]{1,2})[0-9][0-9A-Z]?)(?: ?[0-9][A-Z]{2})?$")
_SPACES = re.compile(r"\s")


def normalise_postcode(value: str) -> str:
    """Capitals, with one space before the inward code, as people type postcodes in many ways ('ls14ap')."""
    compact = _SPACES.sub("", (value or "").upper())
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_problem(value: str) -> tuple[str, str] | None:
    """(rule, message) when `value` is not a UK postcode's shape, else None. The shape only: whether the postcode
    exists is the postcode directory's answer (geography.models.Postcode)."""
    postcode = normalise_postcode(value)
    if not postcode:
        return "required", "enter a postcode"
    if not POSTCODE_SHAPE.match(postcode):
        return "format", "enter a real UK postcode, like LS1 4AP"
    return None


def postcode_parts(postcode: str) -> tuple[str, str]:
    """(area, district) of a postcode, e.g. ("LS", "LS1") for "LS1 4AP" and ("LS", "LS10") for "LS10 1AB"; ("", "")
    for a blank postcode or one that is not a UK postcode's shape. The directory finds places by equality on these
    (an index every database can use), not by a prefix of the postcode."""
    compact = _SPACES.sub("", (postcode or "").upper())
    found = _POSTCODE_START.match(compact[:-3] + " " + compact[-3:] if len(compact) >= 5 else compact)
    return (found["area"], found["district"]) if found else ("", "")


def is_full_postcode(value: str) -> bool:
    return postcode_problem(value) is None
