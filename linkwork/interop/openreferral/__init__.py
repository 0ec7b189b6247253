"""The community directory as Open Referral UK (the UK profile of HSDS 3.0): export, schema validation and import.

The document is an HSDS "organization package": a JSON array of organizations, each with its services. One of our
services becomes one HSDS service with its contact, schedule, cost option, location (postal address and postcode),
service-at-location and attributes linking it to taxonomy terms of our own vocabularies (service categories, the
kinds of provider organisation, and whether a service is listed in the public directory).

Ids are stable: organisations and services keep our UUIDs, and every nested object (contact, location, schedule ...)
has a UUID derived from its service's, so exporting twice gives the same document.

The UK profile (schemas/uk-profile) leaves out a few HSDS 3.0 fields that our directory holds: eligibility
(`eligibility_description`), how to refer (`application_process`) and a contact's email and phone numbers. We still
write them with their HSDS 3.0 names, which the UK profile schema allows (it does not forbid other properties), and
check every document against both the UK profile and HSDS 3.0 (schemas/hsds-3.0). See docs/openreferral.md.

Imports go through organisations.services.create_organisation and community.services.add_service/change_service, so
every rule and every audit row of a hand-made change applies; a file is stored whole or not at all.

The package: terms (stable ids and our taxonomies), export (the document), validation (the kept schemas and the
row errors they give), report (what an import says) and importing (storing a file through the community services).
"""

from linkwork.interop.openreferral.export import export_and_audit, export_directory, organisation_document
from linkwork.interop.openreferral.importing import import_directory
from linkwork.interop.openreferral.report import Counts, ImportReport
from linkwork.interop.openreferral.terms import (
    CATEGORY_TAXONOMY,
    CODE_IDENTIFIER,
    KIND_TAXONOMY,
    LISTING_TAXONOMY,
    NAMESPACE,
    PUBLIC_TERM,
    derived_id,
    taxonomy_id,
    taxonomy_terms,
    term_id,
)
from linkwork.interop.openreferral.validation import RowError, _uk_validator, json_path, validate_document

__all__ = [
    "CATEGORY_TAXONOMY",
    "CODE_IDENTIFIER",
    "KIND_TAXONOMY",
    "LISTING_TAXONOMY",
    "NAMESPACE",
    "PUBLIC_TERM",
    "Counts",
    "ImportReport",
    "RowError",
    "_uk_validator",
    "derived_id",
    "export_and_audit",
    "export_directory",
    "import_directory",
    "json_path",
    "organisation_document",
    "taxonomy_id",
    "taxonomy_terms",
    "term_id",
    "validate_document",
]
