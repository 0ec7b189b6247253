import pytest
from hypothesis import given
from hypothesis import strategies as st
from nhs_number import calculate_checksum

from linkwork.people.identifiers import nhs_number_problem


@pytest.mark.parametrize("good", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers(good):
    assert nhs_number_problem(good) is None


@pytest.mark.parametrize(
    ("bad", "rule"),
    [
        ("", "required"),
        ("94347659", "format"),
        ("94347659190", "format"),
        ("94347A5919", "format"),
        ("9434765918", "modulus_11"),
        ("9434765910", "modulus_11"),
    ],
)
def test_invalid_nhs_numbers_name_the_rule(bad, rule):
    assert nhs_number_problem(bad)[0] == rule


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_modulus_11_accepts_exactly_the_right_check_digit(stem):
    check = calculate_checksum(stem)
    for digit in range(10):
        problem = nhs_number_problem(f"{stem}{digit}")
        if check is not None and check < 10 and digit == check:
            assert problem is None or problem[0] == "issued_range"
        else:
            assert problem is not None and problem[0] == "modulus_11"


def test_a_chi_range_number_that_is_not_a_date_is_refused_with_its_own_rule():
    stem = "011300000"  # 01/13/00 is not a date
    assert nhs_number_problem(stem + str(calculate_checksum(stem)))[0] == "issued_range"
