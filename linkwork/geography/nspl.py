"""Reading the ONS postcode products' CSV layout, one line at a time.

The ONS publishes two postcode files with the same columns for what linkwork reads: the National Statistics
Postcode Lookup (NSPL, `Data/NSPL_<MONTH>_<YEAR>_UK.csv`) and the ONS Postcode Directory (ONSPD,
`Data/ONSPD_<MONTH>_<YEAR>_UK.csv`), both on the ONS Open Geography Portal under the Open Government Licence. Each
has a header line and one line per postcode, current and terminated (about 2.7 million). Of their columns linkwork
reads, by header name in any case and any order:

  pcds (else pcd)     the postcode ("LS1 4AP"; pcd is the fixed 7-character form "LS1 4AP" / "M1  1AE")
  lat, long           WGS84 latitude and longitude of the postcode's centroid; 99.999999 and 0 when it has no
                      grid reference
  lsoa21 (else lsoa11) the lower layer super output area (Scotland: data zone) it falls in
  rgn                 the ONS region (England: E12000001 .. E12000009; other countries a pseudo code)
  ctry                the ONS country
  imd                 the rank of its small area in its country's index of multiple deprivation

pcds or pcd, lat and long are required; the others are read when present (a file without them leaves those fields
blank). Codes ending 99999999 are the ONS's pseudo codes for "none" and are stored blank. Everything else in the
file is left alone.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from linkwork.core.data_files import read_data_file
from linkwork.geography.policy.deprivation import decile
from linkwork.geography.policy.postcodes import POSTCODE_SHAPE as _POSTCODE_SHAPE

DEPRIVATION_FILE = Path(__file__).parent / "data" / "deprivation.yaml"
NO_GRID_LATITUDE = 99.999999
# The UK's postcodes, Channel Islands and Isle of Man included, lie within these bounds.
LATITUDES = (49.0, 61.0)
LONGITUDES = (-9.0, 2.0)
_CODE = re.compile(r"^[A-Z0-9]{1,9}$")


class FileProblem(ValueError):
    """The file as a whole cannot be read (no header, a required column missing)."""


@dataclass(frozen=True)
class Columns:
    """Where each column linkwork reads sits in a line (None: the file has no such column)."""

    postcode: int
    latitude: int
    longitude: int
    lsoa: int | None
    region: int | None
    country: int | None
    imd: int | None
    postcode_name: str
    lsoa_name: str | None

    @property
    def width(self) -> int:
        given = (self.postcode, self.latitude, self.longitude, self.lsoa, self.region, self.country, self.imd)
        return max(i for i in given if i is not None) + 1


def columns(header: Sequence[str]) -> Columns:
    names = [h.strip().lower() for h in header]
    at = {name: i for i, name in enumerate(names) if name}

    def first(*candidates: str) -> tuple[int | None, str | None]:
        for name in candidates:
            if name in at:
                return at[name], name
        return None, None

    postcode, postcode_name = first("pcds", "pcd")
    required = (("pcds or pcd", postcode), ("lat", at.get("lat")), ("long", at.get("long")))
    missing = [name for name, i in required if i is None]
    if missing:
        raise FileProblem(
            f"the header has no {', '.join(missing)} column: is this the NSPL or ONSPD CSV (Data/*_UK.csv)?"
        )
    lsoa, lsoa_name = first("lsoa21", "lsoa11")
    assert postcode is not None and postcode_name is not None
    return Columns(
        postcode=postcode,
        latitude=at["lat"],
        longitude=at["long"],
        lsoa=lsoa,
        region=at.get("rgn"),
        country=at.get("ctry"),
        imd=at.get("imd"),
        postcode_name=postcode_name,
        lsoa_name=lsoa_name,
    )


@dataclass(frozen=True)
class LineError:
    """One line of the file that breaks a rule: nothing is stored while any line does."""

    line: int
    field: str
    rule: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "rule": self.rule, "message": self.message}

    def __str__(self) -> str:
        return f"line {self.line}: {self.field} ({self.rule}): {self.message}"


# A postcode row as it is stored: postcode, latitude, longitude, lsoa, region, country, imd rank, imd decile.
Row = tuple[str, float | None, float | None, str, str, str, int | None, int | None]


@cache
def index_sizes() -> dict[str, tuple[str, int]]:
    """{country code: (index name, number of ranked areas)} from data/deprivation.yaml."""
    countries = read_data_file(DEPRIVATION_FILE)["countries"]
    return {code: (str(c["index"]), int(c["areas"])) for code, c in countries.items()}


def _code(value: str) -> str | None:
    """A blank for the ONS's pseudo codes and empty fields; None when it is not a code's shape."""
    value = value.strip().upper()
    if not value or value.endswith("99999999"):
        return ""
    return value if _CODE.match(value) else None


def _degrees(value: str, bounds: tuple[float, float]) -> float | str | None:
    """The number, None when blank, or the rule it breaks."""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return "number"
    return number if bounds[0] <= number <= bounds[1] else "range"


class LineReader:
    """Reads the lines of one file. Area codes and ranks repeat across a file's postcodes (a small area holds a few
    dozen), so each distinct one is checked once: the national file's 2.7 million lines are read in about a minute."""

    def __init__(self, cols: Columns):
        self.cols = cols
        self.width = cols.width
        self.sizes = index_sizes()
        self.codes: dict[str, str | None] = {}
        self.ranks: dict[tuple[str, str], tuple[int | None, int | None, LineError | None]] = {}

    def code(self, value: str) -> str | None:
        found = self.codes.get(value, False)
        if found is False:
            found = self.codes[value] = _code(value)
        return found  # type: ignore[return-value]

    def deprivation(self, number: int, raw: str, country: str) -> tuple[int | None, int | None, LineError | None]:
        """(rank, decile, problem) for an imd field in a country (the problem's line is the first seen)."""
        key = (raw, country)
        if key not in self.ranks:
            rank = decile_found = problem = None
            if not raw.isdigit() or int(raw) < 1:
                problem = LineError(number, "imd", "number", f"{raw!r} is not a rank (a whole number from 1)")
            else:
                rank = int(raw)
                index = self.sizes.get(country)
                if index is not None and rank > index[1]:
                    problem = LineError(
                        number, "imd", "range", f"rank {rank} is above the {index[1]:,} areas of {index[0]}"
                    )
                elif index is not None:
                    decile_found = decile(rank, index[1])
            self.ranks[key] = (rank, decile_found, problem)
        return self.ranks[key]

    def read(self, number: int, fields: Sequence[str], errors: list[LineError]) -> Row | None:
        """The row to store from one line of the file, or None after adding what is wrong with it to `errors`."""
        cols = self.cols
        if len(fields) < self.width:
            errors.append(LineError(number, "line", "columns", f"has {len(fields)} fields, the header {self.width}+"))
            return None
        found = len(errors)
        typed = fields[cols.postcode]
        compact = typed.replace(" ", "").upper()
        postcode = f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact
        if not _POSTCODE_SHAPE.match(postcode):
            errors.append(LineError(number, cols.postcode_name, "format", f"{typed!r} is not a UK postcode"))
        raw_lat, raw_long = fields[cols.latitude].strip(), fields[cols.longitude].strip()
        latitude: float | str | None
        longitude: float | str | None
        if raw_lat and float_or_none(raw_lat) == NO_GRID_LATITUDE:
            latitude = longitude = None  # the ONS's mark for "no grid reference"
        else:
            latitude, longitude = _degrees(raw_lat, LATITUDES), _degrees(raw_long, LONGITUDES)
        if isinstance(latitude, str) or isinstance(longitude, str):
            for name, value, raw, bounds in (
                ("lat", latitude, raw_lat, LATITUDES),
                ("long", longitude, raw_long, LONGITUDES),
            ):
                if isinstance(value, str):
                    message = (
                        f"{raw!r} is not a number"
                        if value == "number"
                        else f"{raw} is outside {bounds[0]} to {bounds[1]}"
                    )
                    errors.append(LineError(number, name, value, message))
        elif (latitude is None) != (longitude is None):
            errors.append(LineError(number, "lat", "pair", "give both latitude and longitude, or neither"))
        codes = []
        for name, index in (("lsoa", cols.lsoa), ("rgn", cols.region), ("ctry", cols.country)):
            if index is None:
                codes.append("")
                continue
            code = self.code(fields[index])
            if code is None:
                errors.append(LineError(number, name, "format", f"{fields[index]!r} is not an ONS area code"))
            codes.append(code or "")
        rank = deprivation = None
        raw_imd = fields[cols.imd].strip() if cols.imd is not None else ""
        if raw_imd:
            rank, deprivation, problem = self.deprivation(number, raw_imd, codes[2])
            if problem is not None:
                errors.append(LineError(number, problem.field, problem.rule, problem.message))
        if len(errors) > found:
            return None
        assert not isinstance(latitude, str) and not isinstance(longitude, str)
        return (postcode, latitude, longitude, codes[0], codes[1], codes[2], rank, deprivation)


def read_line(number: int, fields: Sequence[str], cols: Columns, errors: list[LineError]) -> Row | None:
    """One line on its own (LineReader reads a whole file)."""
    return LineReader(cols).read(number, fields, errors)


def float_or_none(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def postcode_number(postcode: str) -> int:
    """A postcode as a whole number, one to one: its letters and digits read in base 36, which no postcode can
    begin with a 0 to confuse (it begins with a letter), and at most seven characters fit 64 bits. A file's
    2.7 million postcodes are checked for repeats as an array of numbers, not a set of strings."""
    return int(postcode.replace(" ", ""), 36)


# The header of the National Statistics Postcode Lookup of May 2025 (Data/NSPL_MAY_2025_UK.csv): the layout of the
# files linkwork makes for its tests, demo and synthetic data.
# fmt: off
HEADER = (
    "pcd", "pcd2", "pcds", "dointr", "doterm", "usertype", "oseast1m", "osnrth1m", "osgrdind", "oa21", "cty", "ced",
    "laua", "ward", "nhser", "ctry", "rgn", "pcon", "ttwa", "itl", "park", "lsoa21", "msoa21", "wz11", "sicbl", "bua24",
    "ruc21", "oac11", "lat", "long", "lep1", "lep2", "pfa", "imd", "icb",
)
# fmt: on


def layout_line(row: Row) -> list[str]:
    """One stored row as a line of the NSPL layout: the columns linkwork reads filled in, the rest blank (the
    postcode's three spellings, and the ONS's marks for a postcode without a grid reference, as the ONS writes
    them)."""
    postcode, latitude, longitude, lsoa, region, country, rank, _ = row
    outward, inward = postcode.split(" ")
    values = dict.fromkeys(HEADER, "")
    values.update(
        pcd=f"{outward:<4}{inward}" if len(outward) < 4 else f"{outward}{inward}",
        pcd2=f"{outward:<5}{inward}",
        pcds=postcode,
        dointr="198001",
        usertype="0",
        osgrdind="9" if latitude is None else "1",
        ctry=country,
        rgn=region,
        lsoa21=lsoa,
        lat="99.999999" if latitude is None else f"{latitude:.6f}",
        long="0.000000" if longitude is None else f"{longitude:.6f}",
        imd="" if rank is None else str(rank),
    )
    return [values[name] for name in HEADER]
