"""Pure checks on the identifier a person is found by: the NHS number.

NHS number: ten digits whose last is a modulus-11 check digit (NHS Data Dictionary, "NHS Number");
the arithmetic comes from the nhs-number package. Postcodes are places: linkwork.geography.policy.postcodes.
"""

import re

import nhs_number


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
