"""`linkwork import postcodes`, and the directory's search index after an Open Referral UK import."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from linkwork.community import search
from linkwork.community.models import Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.models import AuditLog
from linkwork.geography import nspl
from linkwork.geography.models import Postcode
from linkwork.interop import openreferral

pytestmark = pytest.mark.django_db

ROWS = [
    ("LS1 4AP", 53.7968, -1.5437, "E01033010", "E12000003", "E92000001", 2310, None),
    ("LS6 2AB", 53.8200, -1.5700, "E01011700", "E12000003", "E92000001", 20000, None),
]


def write(path, rows, extra=()):
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(nspl.HEADER)
        writer.writerows(nspl.layout_line(r) for r in rows)
        writer.writerows(extra)
    return str(path)


def test_import_postcodes_stores_them_and_places_the_services_already_listed(tmp_path, capsys):
    service = ServiceFactory(postcode="LS6 2AB")
    call_command("import", "postcodes", write(tmp_path / "NSPL_TEST_UK.csv", ROWS))
    out = capsys.readouterr().out
    assert "Stored 2 postcodes: 2 with a location, 0 without; 2 with a deprivation decile" in out
    assert "Services placed on the map from their postcodes: 1" in out
    assert Postcode.objects.get(pk="LS6 2AB").imd_decile == 7
    assert tuple(Service.objects.filter(pk=service.pk).values_list("latitude", "longitude").get()) == (53.82, -1.57)
    entry = AuditLog.objects.get(what="postcode_directory")
    assert entry.actor_label == "system:import-postcodes" and entry.detail["source"] == "NSPL_TEST_UK.csv"


def test_import_postcodes_refuses_a_bad_file_whole_and_says_why(tmp_path, capsys):
    bad = nspl.layout_line(("LS2 7EW", 53.8, -1.55, "", "", "E92000001", None, None))
    bad[nspl.HEADER.index("lat")] = "north"
    path = write(tmp_path / "bad.csv", ROWS, extra=[bad])
    with pytest.raises(CommandError, match="nothing was stored: 1 error"):
        call_command("import", "postcodes", path, "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["stored"] is False and report["errors"] == [
        {"line": 4, "field": "lat", "rule": "number", "message": "'north' is not a number"}
    ]
    assert not Postcode.objects.exists()
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import", "postcodes", str(tmp_path / "missing.csv"))
    (tmp_path / "wrong.csv").write_text("postcode,x\nLS1 4AP,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no pcds or pcd, lat, long column"):
        call_command("import", "postcodes", str(tmp_path / "wrong.csv"))


def test_import_postcodes_dry_run(tmp_path, capsys):
    call_command("import", "postcodes", write(tmp_path / "ok.csv", ROWS), "--dry-run")
    assert "Would store 2 postcodes" in capsys.readouterr().out
    assert not Postcode.objects.exists()


def test_import_and_export_need_to_be_told_what(tmp_path):
    with pytest.raises(CommandError, match="postcodes,openreferral"):
        call_command("import")
    with pytest.raises(CommandError, match="openreferral"):
        call_command("export")


def test_an_open_referral_import_keeps_the_search_index_current(directory):
    document = openreferral.export_directory(public_only=False)
    rainbow = next(o for o in document if o["name"] == "Rainbow Trust")
    rainbow["name"] = "Sunflower Trust"
    club = next(s for s in rainbow["services"] if s["name"] == "Tuesday Coffee Club")
    club["description"] = "Crosswords and a cuppa."
    report = openreferral.import_directory(document, user=directory.manager, auditor=_auditor(directory.manager))
    assert report.stored

    def found(words):
        return {s.name for s in search.search(Service.objects.all(), search.Search(words=words))}

    assert found("sunflower") >= {"Tuesday Coffee Club"} and found("rainbow") == set()
    assert found("crosswords") == {"Tuesday Coffee Club"}


def _auditor(user):
    from linkwork.core.auditor import Auditor

    return Auditor(user, via="cli")
