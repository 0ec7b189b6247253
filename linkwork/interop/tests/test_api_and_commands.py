"""The Open Referral UK routes by role, and the export and import commands."""

import json

import pytest
from django.core.management import CommandError, call_command

from linkwork.community.models import Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.models import AuditLog
from linkwork.core.roles import Role
from linkwork.interop import openreferral
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

ROUTE = "/api/v1/directory/openreferral"
DIRECTORY_ROLES = ["link_worker", "health_and_wellbeing_coach", "care_coordinator", "gp_supervisor", "pcn_manager"]


@pytest.fixture
def services(world):
    return {
        "public": ServiceFactory(organisation=world.vcse, name="Walking Group", public=True),
        "private": ServiceFactory(organisation=world.vcse, name="Carers Circle", public=False),
    }


def _names(response):
    return {s["name"] for o in response.json() for s in o["services"]}


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_export_route_answers_every_signed_in_role(world, services, api, role):
    response = api(world.user(role)).get(ROUTE)
    assert response.status_code == 200
    expected = {"Walking Group", "Carers Circle"} if role in DIRECTORY_ROLES else {"Walking Group"}
    assert _names(response) == expected
    assert openreferral.validate_document(response.json()) == []
    assert AuditLog.objects.filter(action="export", what="openreferral_directory", actor=world.user(role)).exists()


def test_export_route_can_be_limited_to_the_public_directory(world, services, api):
    response = api(world.user("link_worker")).get(ROUTE, {"public_only": "true"})
    assert _names(response) == {"Walking Group"}


def test_export_route_needs_a_token(world, api):
    assert api().get(ROUTE).status_code == 401


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_import_route_by_role(world, services, api, role):
    document = openreferral.export_directory(public_only=False)
    response = api(world.user(role)).post(f"{ROUTE}?dry_run=true", document)
    # Administrators hold the import rule, but the community services let only menu keepers write services.
    assert response.status_code == (200 if role == "pcn_manager" else 403), response.content
    if role == "pcn_manager":
        assert response.json()["ok"] and not response.json()["stored"]


def test_import_route_stores_a_good_file(world, services, api):
    document = openreferral.export_directory(public_only=False)
    document[0]["services"][0]["name"] = "Carers Circle (Tuesdays)"
    response = api(world.user("pcn_manager")).post(ROUTE, document)
    assert response.status_code == 200
    assert response.json()["services"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert Service.objects.filter(name="Carers Circle (Tuesdays)").exists()


def test_import_route_reports_every_row_error_and_stores_nothing(world, services, api):
    document = openreferral.export_directory(public_only=False)
    document[0]["services"][0]["name"] = "Renamed"
    document[0]["services"][1]["status"] = "open"
    response = api(world.user("pcn_manager")).post(ROUTE, document)
    assert response.status_code == 422
    body = response.json()
    assert body["stored"] is False
    assert body["errors"][0] == {
        "organization": 0,
        "service": 1,
        "path": "$[0].services[1].status",
        "field": "status",
        "rule": "uk-profile:enum",
        "message": body["errors"][0]["message"],
    }
    assert not Service.objects.filter(name="Renamed").exists()


def test_import_route_refuses_a_body_that_is_not_json(world, api):
    client = api(world.user("pcn_manager"))
    response = client.client.post(ROUTE, "{oops", content_type="application/json", **client._headers({}))
    assert response.status_code == 400
    assert response.json()["detail"][0]["rule"] == "json"


# Commands -----------------------------------------------------------------------------------------------------


def test_export_command_writes_a_valid_file(world, services, tmp_path):
    target = tmp_path / "directory.json"
    call_command("export", "openreferral", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    assert openreferral.validate_document(document) == []
    assert {s["name"] for o in document for s in o["services"]} == {"Walking Group", "Carers Circle"}
    call_command("export", "openreferral", "--public-only", str(target))
    assert "Carers Circle" not in target.read_text(encoding="utf-8")
    assert AuditLog.objects.filter(what="openreferral_directory", actor_label="system:export-openreferral").count() == 2


def test_import_command_round_trip_and_dry_run(world, services, tmp_path, capsys):
    target = tmp_path / "directory.json"
    call_command("export", "openreferral", str(target))
    manager = world.user("pcn_manager").email
    before = set(Service.objects.values_list("id", "name", "organisation_id"))
    for user in world.users.values():
        user.organisation = world.pcn
        user.save(update_fields=["organisation"])
    Service.objects.all().delete()
    Organisation.objects.filter(kind__in=PROVIDER_KINDS).delete()

    call_command("import", "openreferral", str(target), "--user", manager, "--dry-run")
    assert "Would store: organisations 1 new" in capsys.readouterr().out
    assert not Service.objects.exists()

    call_command("import", "openreferral", str(target), "--user", manager)
    assert "Stored: organisations 1 new" in capsys.readouterr().out
    assert set(Service.objects.values_list("id", "name", "organisation_id")) == before


def test_import_command_prints_the_errors_and_fails(world, services, tmp_path, capsys):
    document = openreferral.export_directory(public_only=False)
    document[0]["services"][0]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "NOT A POSTCODE"
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import", "openreferral", str(target), "--user", world.user("pcn_manager").email, "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["stored"] is False
    assert [(e["organization"], e["service"], e["field"]) for e in report["errors"]] == [(0, 0, "postcode")]


def test_import_command_refuses_roles_that_may_not_import(world, tmp_path):
    target = tmp_path / "empty.json"
    target.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="may not import"):
        call_command("import", "openreferral", str(target), "--user", world.user("commissioner").email)
    with pytest.raises(CommandError, match="no active user"):
        call_command("import", "openreferral", str(target), "--user", "nobody@example.org")
