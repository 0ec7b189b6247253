"""Importing the ONS postcode file (NSPL / ONSPD layout): all or nothing, every bad line reported."""

import csv
import io

import pytest

from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.geography import nspl, places, services
from linkwork.geography.models import Postcode

pytestmark = pytest.mark.django_db

ENGLAND, YORKSHIRE = "E92000001", "E12000003"
GOOD = [
    ("LS1 4AP", 53.7968, -1.5437, "E01033010", YORKSHIRE, ENGLAND, 2310, None),
    ("LS10 1AB", 53.7800, -1.5350, "E01011512", YORKSHIRE, ENGLAND, 32844, None),
    ("CF10 1AA", 51.4800, -3.1800, "W01001900", "W99999999", "W92000004", 191, None),
    ("BT1 1AA", 54.6000, -5.9300, "95AA01S1", "N99999999", "N92000002", None, None),
]


def nspl_file(rows, header=nspl.HEADER, extra_lines=()) -> list[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(nspl.layout_line(row))
    for line in extra_lines:
        writer.writerow(line)
    return out.getvalue().splitlines(keepends=True)


def run(lines, **kwargs):
    return services.import_postcodes(lines, auditor=Auditor(system="test"), **kwargs)


def test_a_good_file_stores_every_postcode_with_its_place_and_deprivation():
    report = run(nspl_file(GOOD), source="NSPL_TEST.csv")
    assert report.ok and report.stored
    assert (report.lines, report.located, report.unlocated, report.with_deprivation) == (4, 4, 0, 3)
    leeds = Postcode.objects.get(pk="LS1 4AP")
    assert (leeds.latitude, leeds.longitude, leeds.lsoa, leeds.region, leeds.country) == (
        53.7968,
        -1.5437,
        "E01033010",
        YORKSHIRE,
        ENGLAND,
    )
    assert (leeds.imd_rank, leeds.imd_decile) == (2310, 1)
    assert Postcode.objects.get(pk="LS10 1AB").imd_decile == 10
    # Wales ranks against WIMD's 1,909 areas; the ONS's pseudo region code is stored blank.
    cardiff = Postcode.objects.get(pk="CF10 1AA")
    assert (cardiff.imd_decile, cardiff.region) == (2, "")
    assert Postcode.objects.get(pk="BT1 1AA").imd_rank is None
    assert AuditLog.objects.filter(what="postcode_directory", action="create", actor_label="system:test").count() == 1
    assert places.coordinates(["ls14ap", "LS10 1AB", "XX1 1XX"]) == {
        "LS1 4AP": (53.7968, -1.5437),
        "LS10 1AB": (53.78, -1.535),
    }


def test_the_onspd_spelling_a_fixed_width_postcode_and_2011_areas_in_any_order_and_case():
    lines = [
        "LAT,LONG,PCD,LSOA11,IMD,CTRY\n",
        "53.7968,-1.5437,LS1 4AP,E01033010,2310,E92000001\n",
        "53.4800,-2.2400,M1  1AE,E01005061,40,E92000001\n",
    ]
    assert run(lines).ok
    assert list(Postcode.objects.order_by("pk").values_list("pk", "lsoa", "imd_decile", "region")) == [
        ("LS1 4AP", "E01033010", 1, ""),
        ("M1 1AE", "E01005061", 1, ""),
    ]


def test_a_postcode_without_a_grid_reference_is_kept_without_a_location():
    row = ("LS99 9ZZ", None, None, "", "", ENGLAND, None, None)
    report = run(nspl_file([row]))
    assert report.stored and report.unlocated == 1
    assert Postcode.objects.get(pk="LS99 9ZZ").located is False
    assert places.coordinates(["LS99 9ZZ"]) == {}


def test_every_bad_line_is_reported_and_nothing_is_stored(monkeypatch):
    monkeypatch.setattr(services, "BATCH_ROWS", 2)  # good lines were written in batches before the bad ones
    lines = nspl_file(GOOD)
    lines.append(",".join(nspl.layout_line(("LS2 7EW", 53.8, -1.55, "", "", ENGLAND, 99999, None))) + "\n")
    lines.append(",".join(nspl.layout_line(("LS2 7EX", 63.8, -1.55, "", "", ENGLAND, None, None))) + "\n")
    lines.append(",".join(nspl.layout_line(GOOD[0])) + "\n")
    line = nspl.layout_line(("LS2 7EY", 53.8, -1.55, "", "", ENGLAND, None, None))
    line[nspl.HEADER.index("pcds")] = "NOT A POSTCODE"
    line[nspl.HEADER.index("long")] = "west"
    lines.append(",".join(line) + "\n")
    lines.append("LS2 7EZ,too,short\n")
    report = run(lines)
    assert not report.ok and not report.stored
    assert [(e.line, e.field, e.rule) for e in report.errors] == [
        (6, "imd", "range"),
        (7, "lat", "range"),
        (8, "pcds", "unique"),
        (9, "pcds", "format"),
        (9, "long", "number"),
        (10, "line", "columns"),
    ]
    assert "32,844 areas of English Indices of Deprivation 2019" in report.errors[0].message
    assert "also on line 2" in report.errors[2].message
    assert not Postcode.objects.exists()
    assert not AuditLog.objects.filter(what="postcode_directory").exists()
    assert report.summary()[0] == "Stored nothing: 6 line(s) break a rule"


def test_a_file_without_the_columns_it_needs_is_refused_whole():
    report = run(["postcode,latitude,longitude\n", "LS1 4AP,53.8,-1.5\n"])
    assert not report.ok and "no pcds or pcd, lat, long column" in report.problem
    assert run([]).problem == "the file is empty"
    assert not Postcode.objects.exists()


def test_a_second_file_updates_its_postcodes_and_leaves_the_others():
    run(nspl_file(GOOD))
    moved = ("LS1 4AP", 53.8, -1.55, "E01033011", YORKSHIRE, ENGLAND, 5000, None)
    new = ("LS2 7EW", 53.81, -1.56, "E01033012", YORKSHIRE, ENGLAND, None, None)
    assert run(nspl_file([moved, new])).stored
    assert Postcode.objects.count() == 5
    leeds = Postcode.objects.get(pk="LS1 4AP")
    assert (leeds.latitude, leeds.lsoa, leeds.imd_rank, leeds.imd_decile) == (53.8, "E01033011", 5000, 2)


def test_a_dry_run_reads_everything_and_stores_nothing():
    report = run(nspl_file(GOOD), dry_run=True)
    assert report.ok and not report.stored and report.lines == 4
    assert report.summary()[0].startswith("Would store 4 postcodes")
    assert not Postcode.objects.exists()


def test_postcode_numbers_are_one_to_one():
    postcodes = ("LS1 4AP", "LS14 1AP", "LS1 4AQ", "L1 8JQ", "L18 8JQ", "EC1A 1BB", "M1 1AE", "ZZ99 9ZZ")
    seen = {nspl.postcode_number(p) for p in postcodes}
    assert len(seen) == len(postcodes) and max(seen) < 2**63
