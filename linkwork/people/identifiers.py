"""Pure checks on the identifiers a person is found by: NHS number and postcode.

NHS number: ten digits whose last is a modulus-11 check digit (NHS Data Dictionary, "NHS Number");
the arithmetic comes from the nhs-number package. Postcode: the UK format (outward code of an area,
district and optional sub-district; inward code of a sector digit and two unit letters).
"""

import re

import nhs_number

_POSTCODE = re.compile(r"^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? [0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_nhs_number(value: str) -> str:
    """Strip spaces and dashes, as people type them (e.g. '943 476 5919')."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_problem(value: str) -> tuple[str, str] | None:
    """Return (rule, message) if `value` is not a valid NHS number, else None."""
    digits = normalise_nhs_number(value)
    if not digits:
        return "required", "enter the person's NHS number"
    if not digits.isdigit() or len(digits) != 10:
        return "format", "an NHS number is 10 digits"
    if nhs_number.calculate_checksum(digits[:9]) != int(digits[9]):
        return "modulus_11", "this is not a valid NHS number: its check digit (modulus 11) does not match"
    if not nhs_number.is_valid(digits):
        # e.g. a number in the Scottish CHI range whose first six digits are not a date of birth
        return "issued_range", "this number is not in a range issued as an NHS number"
    return None


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", (value or "").upper())
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_problem(value: str) -> tuple[str, str] | None:
    postcode = normalise_postcode(value)
    if not postcode:
        return "required", "enter the person's postcode"
    if not _POSTCODE.match(postcode):
        return "format", "enter a real UK postcode, like LS1 4AP"
    return None
