"""The synthetic postcode directory: the same in every run, valid, placed near its town, every district with every
decile; written in the ONS layout it imports whole."""

import numpy as np
import pytest

from linkwork.core.auditor import Auditor
from linkwork.geography import services as geography
from linkwork.geography.models import Postcode
from linkwork.geography.policy.distance import haversine_miles
from linkwork.geography.policy.postcodes import postcode_problem
from linkwork.synthetic import postcodes


def test_an_areas_postcodes_are_valid_unique_and_near_its_town():
    places = postcodes.area_places("LS")
    assert len(places.postcodes) == len(set(places.postcodes)) == postcodes.DISTRICTS * postcodes.SECTORS * 10
    assert all(postcode_problem(p) is None for p in places.postcodes)
    lat, lon, region = postcodes.area_centres()["LS"]
    assert region == "E12000003"
    far = max(haversine_miles(lat, lon, a, b) for a, b in zip(places.latitude, places.longitude, strict=True))
    assert far < 7  # within about 9 km of the town
    assert set(np.unique(places.decile)) == set(range(1, 11))


def test_every_district_has_every_decile_and_people_get_their_deciles_postcode():
    places = postcodes.area_places("BD")
    decile = dict(zip(places.postcodes, places.decile, strict=True))
    rng = np.random.default_rng(3)
    n = 2000
    wanted = rng.integers(1, 11, n)
    found = postcodes.people_postcodes(rng, np.array(["BD"] * n), rng.integers(1, 30, n), wanted)
    assert [decile[p] for p in found] == wanted.tolist()


def test_the_same_area_gives_the_same_postcodes_and_places_services_on_them():
    postcodes.area_places.cache_clear()
    first = postcodes.area_places("YO").postcodes.copy()
    postcodes.area_places.cache_clear()
    assert (postcodes.area_places("YO").postcodes == first).all()
    service = postcodes.service_postcode(np.random.default_rng(1), "YO")
    assert service in set(first)
    (lat,), (lon,) = postcodes.coordinates([service])
    assert lat is not None and lon is not None
    assert postcodes.coordinates(["LS1 4AP"]) == ([None], [None]) or "LS1 4AP" in set(
        postcodes.area_places("LS").postcodes
    )


@pytest.mark.django_db
def test_the_nspl_file_imports_whole_and_loading_again_adds_nothing(tmp_path):
    path = tmp_path / "NSPL_SYNTHETIC_UK.csv"
    assert postcodes.write_nspl(path, ["LS", "BD"]) == 6000
    with path.open(encoding="utf-8", newline="") as lines:
        report = geography.import_postcodes(lines, auditor=Auditor(system="test"))
    assert report.stored and report.lines == 6000 and report.with_deprivation == 6000
    stored = Postcode.objects.get(pk=str(postcodes.area_places("LS").postcodes[0]))
    assert stored.imd_decile == int(postcodes.area_places("LS").decile[0]) and stored.region == "E12000003"
    assert postcodes.load(["LS", "BD"]) == 0
    assert postcodes.load(["HX"]) == 3000
