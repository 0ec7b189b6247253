"""Pure checks on the identifier a person is found by: the NHS number.

NHS number: ten ASCII digits whose last is a modulus-11 check digit (NHS Data Dictionary, "NHS Number"), in a range
issued to patients of GP practices in England: the England, Wales and Isle of Man allocation, 4000000000-4999999999
and 6000000000-7999999999 (the ranges as the nhs-number package collates them; Scotland's CHI and Northern Ireland's
H&C numbers are other schemes). The 9000000000-9999999999 block is never issued: NHS test patients (999...) live
there, and they are accepted only where a setting allows (demo and tests). The arithmetic and the ranges come from
the nhs-number package. Postcodes are places:
linkwork.geography.policy.postcodes.
"""

import re

import nhs_number

_TEN_ASCII_DIGITS = re.compile(r"^[0-9]{10}$")
ISSUED = nhs_number.REGION_ENGLAND_WALES_IOM
TEST_RANGE = nhs_number.REGION_SYNTHETIC


def normalise_nhs_number(value: str) -> str:
    """Strip spaces and dashes, as people type them (e.g. '943 476 5919')."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_problem(value: str, *, test_numbers_allowed: bool) -> tuple[str, str] | None:
    """Return (rule, message) if `value` is not a valid NHS number, else None. Test patients' numbers (the never
    issued 9... block) pass only when `test_numbers_allowed` (settings.LINKWORK_ALLOW_TEST_NHS_NUMBERS)."""
    digits = normalise_nhs_number(value)
    if not digits:
        return "required", "enter the person's NHS number"
    # Not str.isdigit(): it is true of full-width and Arabic-Indic digits too, which would be stored as typed.
    if not _TEN_ASCII_DIGITS.match(digits):
        return "format", "an NHS number is 10 digits, 0 to 9"
    if nhs_number.calculate_checksum(digits[:9]) != int(digits[9]):
        return "modulus_11", "this is not a valid NHS number: its check digit (modulus 11) does not match"
    if TEST_RANGE.contains_number(digits):
        if test_numbers_allowed:
            return None
        return "test_number", "this is a test patient's NHS number (9...), never issued to a real patient"
    if not ISSUED.contains_number(digits):
        return "issued_range", "this number is not in a range issued as an NHS number in England"
    return None
