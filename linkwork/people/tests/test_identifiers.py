import pytest
from hypothesis import given
from hypothesis import strategies as st
from nhs_number import calculate_checksum

from linkwork.people.identifiers import nhs_number_problem


def with_check_digit(stem: str) -> str:
    return stem + str(calculate_checksum(stem))


def problem(value, test_numbers_allowed=False):
    found = nhs_number_problem(value, test_numbers_allowed=test_numbers_allowed)
    return found[0] if found else None


# 401 023 2137 and 600 000 0004 are in the England, Wales and Isle of Man ranges (4000000000-4999999999 and
# 6000000000-7999999999); 943 476 5919 is NHS Digital's example number, in the never issued 9... block.
@pytest.mark.parametrize("good", ["4010232137", "401 023 2137", "401-023-2137", with_check_digit("600000000")])
def test_numbers_issued_in_england_are_accepted(good):
    assert problem(good) is None


@pytest.mark.parametrize("test_number", ["9434765919", "943 476 5919", with_check_digit("999000001")])
def test_test_patients_numbers_pass_only_where_a_setting_allows(test_number):
    assert problem(test_number) == "test_number"
    assert problem(test_number, test_numbers_allowed=True) is None


@pytest.mark.parametrize(
    ("bad", "rule"),
    [
        ("", "required"),
        ("40102321", "format"),
        ("40102321370", "format"),
        ("40102A2137", "format"),
        ("".join(chr(0xFF10 + int(d)) for d in "4010232137"), "format"),  # full-width digits
        ("".join(chr(0x0660 + int(d)) for d in "4010232137"), "format"),  # Arabic-Indic digits
        ("4010232136", "modulus_11"),
        ("4010232130", "modulus_11"),
        ("0000000000", "issued_range"),
        (with_check_digit("100000000"), "issued_range"),  # Scotland's CHI range: another scheme
        (with_check_digit("320000000"), "issued_range"),  # Northern Ireland's H&C range
        (with_check_digit("500000000"), "issued_range"),  # reserved, never issued
        (with_check_digit("800000000"), "issued_range"),  # Republic of Ireland's IHI
    ],
)
def test_invalid_nhs_numbers_name_the_rule(bad, rule):
    assert problem(bad, test_numbers_allowed=True) == rule


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_modulus_11_accepts_exactly_the_right_check_digit(stem):
    check = calculate_checksum(stem)
    for digit in range(10):
        found = problem(f"{stem}{digit}", test_numbers_allowed=True)
        if check is not None and check < 10 and digit == check:
            assert found in (None, "issued_range")
        else:
            assert found == "modulus_11"


@given(st.integers(min_value=0, max_value=9_999_999_999))
def test_a_valid_number_is_accepted_exactly_when_it_is_in_an_issued_range(n):
    digits = f"{n:010d}"
    if calculate_checksum(digits[:9]) != int(digits[9]):
        return
    issued = 4_000_000_000 <= n <= 4_999_999_999 or 6_000_000_000 <= n <= 7_999_999_999
    assert (problem(digits) is None) == issued
    assert (problem(digits, test_numbers_allowed=True) is None) == (issued or n >= 9_000_000_000)


def test_production_refuses_test_numbers_and_demo_and_tests_allow_them():
    from linkwork.config.settings import base, local, test

    assert base.LINKWORK_ALLOW_TEST_NHS_NUMBERS is False
    assert local.LINKWORK_ALLOW_TEST_NHS_NUMBERS is True and test.LINKWORK_ALLOW_TEST_NHS_NUMBERS is True
