"""Synthetic postcodes: a made-up postcode directory for the areas the synthetic data uses, so that every synthetic
person's and service's postcode has a place (coordinates, a small area, a region and a deprivation decile).

Each postcode area (data/postcode_areas.yaml: the rough centre of its main town) has districts 1..30 within about
7 km of the town, each district ten sectors (0..9) within about 1.5 km of it, each sector ten postcodes within about
300 m of it. A sector is one small area (an LSOA, synthetic code E019xxxxx, above every real one) with a rank in the
English Indices of Deprivation; the ten sectors of a district take the ten deciles in a drawn order, so a person of
any decile can live near any practice, in a postcode of that decile.

An area's postcodes come from the area's own random stream (seeded by its letters), not the run's: they are the same
in every run, so the demo and a later `generate --into-pcn` agree, and loading them twice changes nothing.
`write_nspl` writes them in the ONS file's layout, for the tests, the demo and the import benchmark.
"""

import csv
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from linkwork.core.data_files import read_data_file
from linkwork.geography import nspl
from linkwork.geography import services as geography
from linkwork.geography.policy.deprivation import decile as decile_of
from linkwork.geography.policy.postcodes import postcode_parts
from linkwork.synthetic import names

AREAS_FILE = Path(__file__).parent / "data" / "postcode_areas.yaml"
DISTRICTS = 30
SECTORS = 10
UNITS = 10
ENGLAND = "E92000001"
LSOA_BASE = 900_000
KM_PER_DEGREE = 111.2
_UNIT_PAIRS = [a + b for a in names.POSTCODE_UNIT_LETTERS for b in names.POSTCODE_UNIT_LETTERS]


@cache
def area_centres() -> dict[str, tuple[float, float, str]]:
    raw = read_data_file(AREAS_FILE)["areas"]
    return {area: (float(lat), float(lon), str(region)) for area, (lat, lon, region) in raw.items()}


def unit_code(district: int, sector: int, k: int) -> str:
    """The two letters of a district's sector's k-th postcode (37 is prime to 400, so a sector's are distinct)."""
    return _UNIT_PAIRS[(k * 37 + sector * 11 + district * 7) % len(_UNIT_PAIRS)]


@dataclass(frozen=True)
class AreaPlaces:
    """One area's synthetic postcodes, in the order district, sector, unit."""

    area: str
    region: str
    districts: int
    units: int
    postcodes: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    lsoa: np.ndarray
    rank: np.ndarray
    decile: np.ndarray
    sector_of_decile: np.ndarray  # (districts, 10): the sector of each decile in each district

    def index(self, district: np.ndarray, sector: np.ndarray, unit: np.ndarray) -> np.ndarray:
        return ((district - 1) * SECTORS + sector) * self.units + unit

    def rows(self) -> list[nspl.Row]:
        return [
            (str(p), float(la), float(lo), str(ls), self.region, ENGLAND, int(r), int(d))
            for p, la, lo, ls, r, d in zip(
                self.postcodes, self.latitude, self.longitude, self.lsoa, self.rank, self.decile, strict=True
            )
        ]


def _disc(rng: np.random.Generator, n: int, km: float) -> tuple[np.ndarray, np.ndarray]:
    """n offsets (north, east) in km, uniform in a disc."""
    radius = km * np.sqrt(rng.random(n))
    angle = rng.random(n) * 2 * np.pi
    return radius * np.cos(angle), radius * np.sin(angle)


@cache
def area_places(area: str, districts: int = DISTRICTS, units: int = UNITS) -> AreaPlaces:
    lat0, lon0, region = area_centres()[area]
    rng = np.random.default_rng(zlib.crc32(f"postcodes:{area}".encode()))
    lon_km = KM_PER_DEGREE * np.cos(np.radians(lat0))
    d_north, d_east = _disc(rng, districts, 7.0)
    s_north, s_east = _disc(rng, districts * SECTORS, 1.5)
    u_north, u_east = _disc(rng, districts * SECTORS * units, 0.3)
    district = np.repeat(np.arange(1, districts + 1), SECTORS * units)
    sector = np.tile(np.repeat(np.arange(SECTORS), units), districts)
    unit = np.tile(np.arange(units), districts * SECTORS)
    ds = (district - 1) * SECTORS + sector
    north = d_north[district - 1] + s_north[ds] + u_north
    east = d_east[district - 1] + s_east[ds] + u_east
    # The ten sectors of each district take the ten deciles in a drawn order; a rank is drawn within its decile.
    sector_decile = np.concatenate([rng.permutation(SECTORS) + 1 for _ in range(districts)])
    areas = nspl.index_sizes()[ENGLAND][1]
    low = (sector_decile - 1) * areas // 10 + 1
    high = sector_decile * areas // 10
    sector_rank = low + (rng.random(len(low)) * (high - low + 1)).astype(np.int64)
    assert all(decile_of(int(r), areas) == int(d) for r, d in zip(sector_rank, sector_decile, strict=True))
    order = list(area_centres()).index(area)
    lsoa = np.array([f"E01{LSOA_BASE + order * districts * SECTORS + i:06d}" for i in range(districts * SECTORS)])
    triples = zip(district.tolist(), sector.tolist(), unit.tolist(), strict=True)
    postcodes = np.array([f"{area}{d} {s}{unit_code(d, s, k)}" for d, s, k in triples])
    sector_of_decile = np.zeros((districts, SECTORS), dtype=np.int64)
    sector_of_decile[(np.arange(districts * SECTORS) // SECTORS), sector_decile - 1] = (
        np.arange(districts * SECTORS) % SECTORS
    )
    return AreaPlaces(
        area=area,
        region=region,
        districts=districts,
        units=units,
        postcodes=postcodes,
        latitude=np.round(lat0 + north / KM_PER_DEGREE, 6),
        longitude=np.round(lon0 + east / lon_km, 6),
        lsoa=lsoa[ds],
        rank=sector_rank[ds],
        decile=sector_decile[ds],
        sector_of_decile=sector_of_decile,
    )


def people_postcodes(
    rng: np.random.Generator, area: np.ndarray, district: np.ndarray, decile: np.ndarray
) -> np.ndarray:
    """A postcode for each person near their practice (its district or a neighbouring one) in a small area of their
    deprivation decile."""
    n = len(area)
    near = (district + rng.integers(-1, 2, n)).clip(1, DISTRICTS)
    unit = rng.integers(0, UNITS, n)
    found = np.empty(n, dtype=object)
    for letters in np.unique(area):
        mine = area == letters
        places = area_places(str(letters))
        sector = places.sector_of_decile[near[mine] - 1, decile[mine] - 1]
        found[mine] = places.postcodes[places.index(near[mine], sector, unit[mine])]
    return found.astype(str)


def service_postcode(rng: np.random.Generator, area: str) -> str:
    """A postcode anywhere in the area, for a service. Four draws, in the order the directory has always drawn its
    services' postcodes (two unit letters, the district, the sector), so every other column of the directory, and the
    demo's services with it, stays as it was."""
    letters = len(names.POSTCODE_UNIT_LETTERS)
    first, second = int(rng.integers(0, letters)), int(rng.integers(0, letters))
    district, sector = int(rng.integers(1, DISTRICTS)), int(rng.integers(0, SECTORS))
    unit = (first * letters + second) % UNITS
    return f"{area}{district} {sector}{unit_code(district, sector, unit)}"


@cache
def _where(area: str) -> dict[str, tuple[float, float]]:
    places = area_places(area)
    return {
        str(p): (float(la), float(lo))
        for p, la, lo in zip(places.postcodes, places.latitude, places.longitude, strict=True)
    }


def coordinates(postcodes: Iterable[str]) -> tuple[list[float | None], list[float | None]]:
    """Latitudes and longitudes of synthetic postcodes (None for any other), as the loader takes them."""
    latitudes: list[float | None] = []
    longitudes: list[float | None] = []
    for postcode in postcodes:
        area = postcode_parts(postcode)[0]
        found = _where(area).get(postcode) if area in area_centres() else None
        latitudes.append(found[0] if found else None)
        longitudes.append(found[1] if found else None)
    return latitudes, longitudes


def load(areas: Iterable[str]) -> int:
    """Add these areas' synthetic postcodes to the postcode directory (those it lacks); returns how many were new."""
    return sum(geography.add_postcodes(area_places(area).rows()) for area in sorted(set(areas)))


def write_nspl(path: Path, areas: Iterable[str], *, districts: int = DISTRICTS, units: int = UNITS) -> int:
    """The areas' synthetic postcodes as a CSV in the NSPL layout (geography.nspl.HEADER); returns the lines."""
    written = 0
    with Path(path).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(nspl.HEADER)
        for area in areas:
            for row in area_places(area, districts, units).rows():
                writer.writerow(nspl.layout_line(row))
                written += 1
    return written
