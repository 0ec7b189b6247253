"""Distances (the flat formula the directory uses against the great-circle one) and deprivation deciles."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.geography.policy.deprivation import RankOutOfRange, decile
from linkwork.geography.policy.distance import Origin, haversine_miles, miles_text

UK_LATITUDES = st.floats(49.5, 60.8)
UK_LONGITUDES = st.floats(-8.0, 1.7)


def test_known_distances():
    # Central London to central Paris is 343.5 km (213.4 miles) on the sphere; a degree of latitude is 69.09 miles.
    assert haversine_miles(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(213.4, abs=0.2)
    assert haversine_miles(53.0, -1.5, 54.0, -1.5) == pytest.approx(69.09, abs=0.01)
    assert Origin(53.0, -1.5).flat_miles(54.0, -1.5) == pytest.approx(69.09, abs=0.01)
    assert haversine_miles(53.8, -1.55, 53.8, -1.55) == 0


@given(UK_LATITUDES, UK_LONGITUDES, st.floats(0, 2 * math.pi), st.floats(0.01, 25))
def test_the_flat_distance_is_within_half_a_percent_of_the_great_circle_within_25_miles(lat, lon, bearing, miles):
    # A point `miles` away on a bearing, then both formulas measured from the origin.
    dlat = miles * math.cos(bearing) / 69.09
    dlon = miles * math.sin(bearing) / (69.09 * math.cos(math.radians(lat + dlat / 2)))
    other = (lat + dlat, lon + dlon)
    exact = haversine_miles(lat, lon, *other)
    flat = Origin(lat, lon).flat_miles(*other)
    assert flat == pytest.approx(exact, rel=0.005, abs=0.001)


@given(UK_LATITUDES, UK_LONGITUDES, UK_LATITUDES, UK_LONGITUDES, st.floats(0.1, 25))
def test_the_box_holds_every_point_within_the_radius_by_either_formula(lat, lon, lat2, lon2, miles):
    origin = Origin(lat, lon)
    south, north, west, east = origin.box(miles)
    near = haversine_miles(lat, lon, lat2, lon2) <= miles or origin.flat_degrees_squared(
        lat2, lon2
    ) <= Origin.degrees_squared(miles)
    if near:
        assert south <= lat2 <= north and west <= lon2 <= east


@given(UK_LATITUDES, UK_LONGITUDES, UK_LATITUDES, UK_LONGITUDES)
def test_flat_distance_and_its_squared_bound_agree(lat, lon, lat2, lon2):
    origin = Origin(lat, lon)
    miles = origin.flat_miles(lat2, lon2)
    assert origin.flat_degrees_squared(lat2, lon2) == pytest.approx(Origin.degrees_squared(miles))


@pytest.mark.parametrize(
    ("miles", "text"),
    [(0.04, "less than 0.1 miles"), (0.3, "0.3 miles"), (1.0, "1 mile"), (1.04, "1 mile"), (1.24, "1.2 miles")],
)
def test_miles_text(miles, text):
    assert miles_text(miles) == text


@pytest.mark.parametrize(
    ("rank", "expected"), [(1, 1), (3284, 1), (3285, 2), (16422, 5), (16423, 6), (29559, 9), (29560, 10), (32844, 10)]
)
def test_english_imd_2019_deciles_at_their_edges(rank, expected):
    assert decile(rank, 32844) == expected


@given(st.integers(10, 40_000), st.data())
def test_deciles_are_tenths_most_deprived_first(areas, data):
    first, second = sorted(data.draw(st.lists(st.integers(1, areas), min_size=2, max_size=2)))
    assert 1 <= decile(first, areas) <= decile(second, areas) <= 10
    sizes = [0] * 10
    for rank in range(1, areas + 1) if areas <= 2000 else ():
        sizes[decile(rank, areas) - 1] += 1
    if areas <= 2000:
        assert set(sizes) <= {areas // 10, -(-areas // 10)}


@pytest.mark.parametrize("rank", [0, -1, 32845])
def test_a_rank_outside_the_index_is_refused(rank):
    with pytest.raises(RankOutOfRange):
        decile(rank, 32844)
