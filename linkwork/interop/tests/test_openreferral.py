"""Open Referral UK export and import: the schemas, the mapping, the round trip and all-or-nothing imports."""

import copy

import pytest

from linkwork.community.models import Service
from linkwork.community.services import SERVICE_FIELDS
from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.interop import openreferral
from linkwork.organisations.models import PROVIDER_KINDS, Organisation


def _by_id(document, service_id):
    for organization in document:
        for service in organization["services"]:
            if service["id"] == str(service_id):
                return service
    raise AssertionError(f"no service {service_id}")


def _snapshot():
    organisations = {
        o.pk: (o.code, o.kind, o.name, o.parent_id) for o in Organisation.objects.filter(kind__in=PROVIDER_KINDS)
    }
    services = {s.pk: (s.organisation_id, *(getattr(s, f) for f in SERVICE_FIELDS)) for s in Service.objects.all()}
    return organisations, services


def _empty_the_directory():
    Service.objects.all().delete()
    Organisation.objects.filter(kind__in=PROVIDER_KINDS).delete()


def _import(document, user, dry_run=False):
    return openreferral.import_directory(document, user=user, auditor=Auditor(user, via="cli"), dry_run=dry_run)


def _without_modified(document):
    document = copy.deepcopy(document)
    for organization in document:
        for service in organization["services"]:
            service.pop("last_modified", None)
    return document


# Export -------------------------------------------------------------------------------------------------------


def test_export_validates_against_the_uk_profile_and_hsds(directory):
    document = openreferral.export_directory(public_only=False)
    assert openreferral.validate_document(document) == []
    assert list(openreferral._uk_validator().iter_errors(document)) == []


def test_export_maps_every_field(directory):
    document = openreferral.export_directory(public_only=False)
    assert [o["name"] for o in document] == ["Allotment Friends", "Council Adult Learning", "Rainbow Trust"]
    rainbow = document[2]
    assert rainbow["id"] == str(directory.vcse.pk)
    assert rainbow["parent_organization_id"] == str(directory.icb.pk)
    assert rainbow["organization_identifiers"][0]["identifier"] == "1098765"
    assert rainbow["attributes"][0]["taxonomy_term"]["code"] == "vcse"
    service = _by_id(document, directory.full.pk)
    assert service["organization_id"] == str(directory.vcse.pk)
    assert service["status"] == "active"
    assert service["description"] == directory.full.description
    assert service["eligibility_description"] == "Adults over 18 living in Leeds"
    assert service["application_process"] == "Phone Jo, or send the person along"
    assert service["url"] == "https://example.org/coffee"
    assert service["cost_options"][0]["amount_description"] == "£2 a session"
    assert service["schedules"][0]["description"] == "Tuesdays 10am to 12 noon\nNot in August"
    contact = service["contacts"][0]
    assert (contact["name"], contact["email"], contact["phones"][0]["number"]) == (
        "Jo Bloggs",
        "jo@example.org",
        "0113 496 0000",
    )
    at_location = service["service_at_locations"][0]
    assert at_location["location_id"] == at_location["location"]["id"]
    assert at_location["location"]["name"] == "St Mark's Hall"
    address = at_location["location"]["addresses"][0]
    assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == (
        "12 Church Lane",
        "Leeds",
        "LS6 2AB",
        "GB",
    )
    terms = {a["taxonomy_term"]["taxonomy"]: a["taxonomy_term"] for a in service["attributes"]}
    assert terms[openreferral.CATEGORY_TAXONOMY]["code"] == "befriending"
    assert terms[openreferral.CATEGORY_TAXONOMY]["name"] == "Befriending"
    assert terms[openreferral.LISTING_TAXONOMY]["code"] == "public_directory"
    # A service with little filled in has no empty nested objects.
    plain = _by_id(document, directory.plain.pk)
    assert {"contacts", "schedules", "cost_options", "service_at_locations"}.isdisjoint(plain)
    assert [a["taxonomy_term"]["taxonomy"] for a in plain["attributes"]] == [openreferral.CATEGORY_TAXONOMY]


def test_export_ids_are_stable(directory):
    first = openreferral.export_directory(public_only=False)
    assert openreferral.export_directory(public_only=False) == first
    ids = [t["id"] for t in openreferral.taxonomy_terms()]
    assert len(ids) == len(set(ids))


def test_public_only_export_holds_only_the_public_directory(directory):
    document = openreferral.export_directory(public_only=True)
    services = {s["name"] for o in document for s in o["services"]}
    assert services == {"Tuesday Coffee Club", "Allotment Mornings"}
    assert "Council Adult Learning" not in {o["name"] for o in document}
    assert openreferral.validate_document(document) == []


def test_export_is_audited(directory):
    openreferral.export_and_audit(public_only=True, auditor=Auditor(system="test"), via="cli")
    row = AuditLog.objects.get(action="export", what="openreferral_directory")
    assert row.detail == {"public_only": True, "organisations": 2, "services": 2, "via": "cli"}


# Round trip ---------------------------------------------------------------------------------------------------


def test_round_trip_into_an_empty_directory_reproduces_it(directory):
    document = openreferral.export_directory(public_only=False)
    before = _snapshot()
    _empty_the_directory()
    assert _snapshot() == ({}, {})

    report = _import(document, directory.manager)

    assert report.errors == [] and report.stored
    assert report.as_dict()["organisations"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert report.as_dict()["services"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert _snapshot() == before
    assert _without_modified(openreferral.export_directory(public_only=False)) == _without_modified(document)
    # Every write went through the community services and was audited under the importer's name.
    created = AuditLog.objects.filter(action="create", actor=directory.manager)
    assert created.filter(what="service").count() == 3
    assert created.filter(what="organisation").count() == 3
    # The services created the rows with the file's ids, so the audit rows name them too.
    assert created.filter(what="service", object_id=str(directory.full.pk)).exists()


def test_importing_the_same_file_again_changes_nothing(directory):
    document = openreferral.export_directory(public_only=False)
    report = _import(document, directory.manager)
    assert report.stored
    assert report.as_dict()["services"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert report.as_dict()["organisations"] == {"created": 0, "updated": 0, "unchanged": 3}


def test_import_updates_services_and_organisations_by_id(directory):
    document = openreferral.export_directory(public_only=False)
    _by_id(document, directory.plain.pk)["name"] = "Money and Benefits Advice"
    document[2]["name"] = "Rainbow Trust Leeds"
    report = _import(document, directory.manager)
    assert report.stored
    directory.plain.refresh_from_db()
    directory.vcse.refresh_from_db()
    assert directory.plain.name == "Money and Benefits Advice"
    assert directory.vcse.name == "Rainbow Trust Leeds"
    assert report.services.updated == 1 and report.organisations.updated == 1


# Bad files store nothing ----------------------------------------------------------------------------------------


def test_schema_invalid_file_names_the_path_and_stores_nothing(directory):
    document = openreferral.export_directory(public_only=False)
    _empty_the_directory()
    document[1]["services"] = [{"id": "not-a-uuid", "status": "open"}]
    del document[0]["name"]

    report = _import(document, directory.manager)

    assert not report.ok and not report.stored
    found = {(e.organization, e.service, e.path, e.rule) for e in report.errors}
    assert (0, None, "$[0]", "uk-profile:required") in found
    assert (1, 0, "$[1].services[0].status", "uk-profile:enum") in found
    assert (1, 0, "$[1].services[0].id", "uk-profile:format") in found
    assert (1, 0, "$[1].services[0]", "uk-profile:required") in found
    missing = {(e.path, e.field) for e in report.errors if e.rule == "uk-profile:required"}
    assert missing == {("$[0]", "name"), ("$[1].services[0]", "name")}
    assert report.errors == sorted(report.errors, key=lambda e: (e.organization, e.service or -1, e.path))
    assert _snapshot() == ({}, {})


def test_a_file_that_is_not_a_package_is_refused(directory):
    report = _import({"organizations": []}, directory.manager)
    assert [(e.path, e.rule) for e in report.errors] == [("$", "uk-profile:type")]


def test_hsds_fields_the_uk_profile_leaves_out_are_still_checked(directory):
    document = openreferral.export_directory(public_only=False)
    del _by_id(document, directory.full.pk)["contacts"][0]["phones"][0]["number"]
    report = _import(document, directory.manager)
    assert [(e.path, e.rule) for e in report.errors] == [
        ("$[2].services[1].contacts[0].phones[0]", "hsds-3.0:required")
    ]


def test_a_row_breaking_our_rules_stores_nothing(directory):
    document = openreferral.export_directory(public_only=False)
    _empty_the_directory()
    address = _by_id(document, directory.full.pk)["service_at_locations"][0]["location"]["addresses"][0]
    address["postal_code"] = "ZZ9 9ZZZ"
    contact_id = openreferral.derived_id(directory.plain.pk, "contact")
    phone = {"id": openreferral.derived_id(directory.plain.pk, "phone"), "number": "ring the office"}
    _by_id(document, directory.plain.pk)["contacts"] = [{"id": contact_id, "phones": [phone]}]

    report = _import(document, directory.manager)

    assert not report.stored
    rows = {(e.organization, e.service, e.field, e.rule, e.path) for e in report.errors}
    postcode = "$[2].services[1].service_at_locations[0].location.addresses[0].postal_code"
    assert any(r[:3] == (2, 1, "postcode") and r[4] == postcode for r in rows), rows
    assert any(r[:4] == (2, 0, "contact_phone", "format") for r in rows), rows
    # The first two organisations and their service were fine, but nothing of the file was kept.
    assert _snapshot() == ({}, {})
    assert not AuditLog.objects.filter(what="service", action="create").exists()


def test_duplicate_service_ids_are_an_error(directory):
    document = openreferral.export_directory(public_only=False)
    document[2]["services"].append(copy.deepcopy(document[2]["services"][0]))
    report = _import(document, directory.manager)
    assert [(e.service, e.rule) for e in report.errors] == [(2, "unique")]


def test_duplicate_organisation_ids_are_an_error(directory):
    document = openreferral.export_directory(public_only=False)
    twin = copy.deepcopy(document[1])
    twin["organization_identifiers"][0]["identifier"] = "STAT02"
    document.append(twin)
    report = _import(document, directory.manager)
    assert [(e.organization, e.field, e.rule) for e in report.errors] == [(3, "id", "unique")]


def test_dry_run_reports_but_stores_nothing(directory):
    document = openreferral.export_directory(public_only=False)
    _empty_the_directory()
    audit_rows = AuditLog.objects.count()

    report = _import(document, directory.manager, dry_run=True)

    assert report.ok and not report.stored
    assert report.services.created == 3
    assert report.lines()[0].startswith("Would store: organisations 3 new")
    assert _snapshot() == ({}, {})
    assert AuditLog.objects.count() == audit_rows


# Mapping from other publishers ------------------------------------------------------------------------------------


def _foreign_package(directory):
    """A file another directory might publish: its own ids and taxonomy, a charity number, two schedules."""
    return [
        {
            "id": "3a5c7e9b-1d2f-4a6b-8c0d-1e2f3a4b5c6d",
            "name": "Harbour Lights",
            "description": "A seaside charity",
            "parent_organization_id": str(directory.icb.pk),
            "organization_identifiers": [
                {"id": "4b6d8f0a-2e3f-4b7c-9d1e-2f3a4b5c6d7e", "identifier_type": "charity", "identifier": "GB 12345"}
            ],
            "services": [
                {
                    "id": "5c7e9f1b-3f4a-4c8d-8e2f-3a4b5c6d7e8f",
                    "name": "Sea Swimming",
                    "status": "active",
                    "fees_description": "Free",
                    "schedules": [
                        {"id": "6d8f0a2c-4a5b-4d9e-9f3a-4b5c6d7e8f90", "description": "Saturdays"},
                        {"id": "7e9f1b3d-5b6c-4e0f-8a4b-5c6d7e8f9012", "description": "Wednesdays"},
                    ],
                    "attributes": [
                        {
                            "id": "8f0a2c4e-6c7d-4f1a-9b5c-6d7e8f901234",
                            "taxonomy_term": {
                                "id": "9a1b3d5f-7d8e-4a2b-8c6d-7e8f90123456",
                                "name": "Physical activity support",
                                "description": "",
                            },
                        }
                    ],
                },
                {"id": "0b2c4e6a-8e9f-4b3c-9d7e-8f9012345678", "name": "Drop-in", "status": "active"},
            ],
        }
    ]


def test_foreign_files_map_to_our_fields_with_warnings(directory):
    report = _import(_foreign_package(directory), directory.manager)
    assert report.stored, report.errors
    organisation = Organisation.objects.get(pk="3a5c7e9b-1d2f-4a6b-8c0d-1e2f3a4b5c6d")
    assert (organisation.code, organisation.kind, organisation.parent_id) == ("GB12345", "vcse", directory.icb.pk)
    swimming = Service.objects.get(name="Sea Swimming")
    assert (swimming.category, swimming.cost, swimming.schedule) == (
        "physical_activity",
        "Free",
        "Saturdays\nWednesdays",
    )
    drop_in = Service.objects.get(pk="0b2c4e6a-8e9f-4b3c-9d7e-8f9012345678")
    assert drop_in.category == "other"
    warned = {(w.organization, w.service, w.field, w.rule) for w in report.warnings}
    assert (0, 1, "category", "unknown_category") in warned
    assert (0, None, "kind", "default") in warned


def test_organisation_code_is_generated_from_the_id_when_no_identifier_fits(directory):
    package = _foreign_package(directory)
    package[0]["organization_identifiers"] = []
    del package[0]["parent_organization_id"]
    report = _import(package, directory.manager)
    assert report.stored
    organisation = Organisation.objects.get(pk=package[0]["id"])
    assert organisation.code == "OR3A5C7E9B1D"
    assert ("code", "generated") in {(w.field, w.rule) for w in report.warnings}


def test_a_service_never_moves_to_another_organisation(directory):
    document = openreferral.export_directory(public_only=False)
    moved = document[2]["services"].pop(0)
    moved["organization_id"] = document[0]["id"]
    document[0]["services"].append(moved)
    report = _import(document, directory.manager)
    assert ("organisation", "mismatch") in {(e.field, e.rule) for e in report.errors}


@pytest.mark.parametrize("role", ["link_worker", "pcn_manager"])
def test_menu_keepers_pass_the_community_rules(directory, role):
    from linkwork.accounts.tests.factories import UserFactory

    user = UserFactory(role=role, organisation=directory.manager.organisation)
    assert _import(openreferral.export_directory(public_only=False), user).ok
