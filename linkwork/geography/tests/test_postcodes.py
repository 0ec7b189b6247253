"""A postcode's format and parts (moved here from people.identifiers and community.models)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.geography.policy.postcodes import is_full_postcode, normalise_postcode, postcode_parts, postcode_problem


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("ls14ap", "LS1 4AP"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("  m1 1ae ", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("dn551pt", "DN55 1PT"),
        ("w1a0ax", "W1A 0AX"),
        ("ec1a1bb", "EC1A 1BB"),
    ],
)
def test_real_postcodes_are_accepted_and_normalised(raw, normalised):
    assert postcode_problem(raw) is None
    assert normalise_postcode(raw) == normalised


@pytest.mark.parametrize(
    ("bad", "rule"),
    [("", "required"), ("LS1", "format"), ("12345", "format"), ("QQ1 1AA", "format"), ("LS1 4CI", "format")],
)
def test_invalid_postcodes_name_the_rule(bad, rule):
    assert postcode_problem(bad)[0] == rule


@pytest.mark.parametrize(
    ("postcode", "parts"),
    [
        ("LS1 4AP", ("LS", "LS1")),
        ("LS10 1AB", ("LS", "LS10")),
        ("ls14ap", ("LS", "LS1")),
        ("L1 8JQ", ("L", "L1")),
        ("EC1A 1BB", ("EC", "EC1A")),
        ("W1A 0AX", ("W", "W1A")),
        ("", ("", "")),
        ("Leeds", ("", "")),
    ],
)
def test_postcode_parts(postcode, parts):
    assert postcode_parts(postcode) == parts


LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@given(
    area=st.sampled_from(["LS", "M", "B", "SW", "EC", "W"]),
    district=st.integers(1, 99),
    sector=st.integers(0, 9),
    unit=st.text(alphabet=LETTERS, min_size=2, max_size=2),
    spaces=st.sampled_from(["", " ", "  "]),
    lower=st.booleans(),
)
def test_any_typing_of_a_postcode_normalises_to_one_form_with_its_district(area, district, sector, unit, spaces, lower):
    written = f"{area}{district}{spaces}{sector}{unit}"
    typed = written.lower() if lower else written
    assert normalise_postcode(typed) == f"{area}{district} {sector}{unit}"
    assert is_full_postcode(typed)
    assert postcode_parts(typed) == (area, f"{area}{district}")
