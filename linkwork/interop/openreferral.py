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
"""

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from linkwork.community import services as community_services
from linkwork.community.models import Service
from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.organisations.models import PROVIDER_KINDS, Organisation, OrganisationKind
from linkwork.organisations.services import ORGANISATION_CODE, create_organisation, normalise_code

SCHEMAS = Path(__file__).parent / "schemas"
UK_PROFILE_SCHEMA = SCHEMAS / "uk-profile" / "organization_package.json"
HSDS_SCHEMAS = SCHEMAS / "hsds-3.0"

# Every derived id hangs off this namespace (or off the id of the organisation or service it belongs to).
NAMESPACE = uuid.UUID("6f1d8a52-3c1e-5b0e-9a57-2f4c1b7d9e10")
CATEGORY_TAXONOMY = "linkwork service categories"
KIND_TAXONOMY = "linkwork provider organisation kinds"
LISTING_TAXONOMY = "linkwork directory listing"
PUBLIC_TERM = "public_directory"
CODE_IDENTIFIER = "linkwork_organisation_code"
COUNTRY = "GB"
MAX_REPORTED_ERRORS = 500


def derived_id(parent: uuid.UUID | str, part: str) -> str:
    """A stable UUID for something that belongs to `parent` (an organisation, a service or NAMESPACE)."""
    return str(uuid.uuid5(uuid.UUID(str(parent)), part))


def taxonomy_id(name: str) -> str:
    return derived_id(NAMESPACE, f"taxonomy:{name}")


def term_id(taxonomy: str, code: str) -> str:
    return derived_id(NAMESPACE, f"term:{taxonomy}:{code}")


def _term(taxonomy: str, code: str, label: str) -> dict[str, Any]:
    # `code` is HSDS 3.0's name for the term's key, `term` the UK profile's; both carry our key.
    return {
        "id": term_id(taxonomy, code),
        "code": code,
        "term": code,
        "name": label,
        "description": label,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_id(taxonomy),
    }


def _attribute(owner: uuid.UUID, link_type: str, taxonomy: str, code: str, label: str) -> dict[str, Any]:
    term = _term(taxonomy, code, label)
    return {
        "id": derived_id(owner, f"attribute:{taxonomy}"),
        "link_id": str(owner),
        "link_type": link_type,
        "link_entity": link_type,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def taxonomy_terms() -> list[dict[str, Any]]:
    """Every term of our own taxonomies, as they appear in exported attributes (for the docs and for checking)."""
    terms = [_term(CATEGORY_TAXONOMY, t.key, t.label) for t in SERVICE_CATEGORIES]
    terms += [_term(KIND_TAXONOMY, kind, OrganisationKind(kind).label) for kind in sorted(PROVIDER_KINDS)]
    terms.append(_term(LISTING_TAXONOMY, PUBLIC_TERM, "Listed in the public directory"))
    return terms


# ---------------------------------------------------------------------------------------------------------------
# Export


def _split_address(address: str) -> tuple[str, str]:
    """Our one-line address as HSDS's address_1 and city: the town is what follows the last ", " (if any).
    Joining them again with ", " gives back exactly what we hold."""
    first, sep, last = address.rpartition(", ")
    return (first, last) if sep and first and last else (address, "")


def service_document(service: Service) -> dict[str, Any]:
    """One service as an HSDS service object."""
    sid = service.pk
    document: dict[str, Any] = {
        "id": str(sid),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": service.description,
        "status": service.status,
    }
    if service.website:
        document["url"] = service.website
    if service.contact_email:
        document["email"] = service.contact_email
    if service.eligibility:
        document["eligibility_description"] = service.eligibility
    if service.how_to_refer:
        document["application_process"] = service.how_to_refer
    document["last_modified"] = service.updated_at.isoformat()
    if service.schedule:
        document["schedules"] = [
            {"id": derived_id(sid, "schedule"), "service_id": str(sid), "description": service.schedule}
        ]
    if service.location_name or service.address or service.postcode:
        location_id = derived_id(sid, "location")
        location: dict[str, Any] = {"id": location_id, "location_type": "physical"}
        if service.location_name:
            location["name"] = service.location_name
        if service.address or service.postcode:
            address_1, city = _split_address(service.address)
            location["addresses"] = [
                {
                    "id": derived_id(sid, "address"),
                    "location_id": location_id,
                    "address_1": address_1,
                    "city": city,
                    "state_province": "",
                    "postal_code": service.postcode,
                    "country": COUNTRY,
                    "address_type": "physical",
                }
            ]
        document["service_at_locations"] = [
            {
                "id": derived_id(sid, "service_at_location"),
                "service_id": str(sid),
                "location_id": location_id,
                "location": location,
            }
        ]
    if service.cost:
        document["cost_options"] = [
            {"id": derived_id(sid, "cost_option"), "service_id": str(sid), "amount_description": service.cost}
        ]
    if service.contact_name or service.contact_phone or service.contact_email:
        contact: dict[str, Any] = {"id": derived_id(sid, "contact"), "service_id": str(sid)}
        if service.contact_name:
            contact["name"] = service.contact_name
        if service.contact_email:
            contact["email"] = service.contact_email
        if service.contact_phone:
            contact["phones"] = [
                {"id": derived_id(sid, "contact_phone"), "contact_id": contact["id"], "number": service.contact_phone}
            ]
        document["contacts"] = [contact]
    attributes = [
        _attribute(sid, "service", CATEGORY_TAXONOMY, service.category, SERVICE_CATEGORIES.label(service.category))
    ]
    if service.public:
        attributes.append(_attribute(sid, "service", LISTING_TAXONOMY, PUBLIC_TERM, "Listed in the public directory"))
    document["attributes"] = attributes
    return document


def organisation_document(organisation: Organisation, services: Iterable[Service]) -> dict[str, Any]:
    oid = organisation.pk
    document: dict[str, Any] = {"id": str(oid), "name": organisation.name, "description": ""}
    if organisation.parent_id:
        document["parent_organization_id"] = str(organisation.parent_id)
    document["organization_identifiers"] = [
        {
            "id": derived_id(oid, "identifier:code"),
            "organization_id": str(oid),
            "identifier_scheme": "linkwork",
            "identifier_type": CODE_IDENTIFIER,
            "identifier": organisation.code,
        }
    ]
    document["attributes"] = [
        _attribute(oid, "organization", KIND_TAXONOMY, organisation.kind, organisation.get_kind_display())
    ]
    document["services"] = [service_document(s) for s in services]
    return document


def export_directory(*, public_only: bool) -> list[dict[str, Any]]:
    """The directory as an Open Referral UK organization package: every provider organisation with its services,
    or (public_only) only the services in the public directory and the organisations that run them."""
    services = Service.objects.public() if public_only else Service.objects.all()
    by_organisation: dict[uuid.UUID, list[Service]] = {}
    for service in services.order_by("name", "id"):
        by_organisation.setdefault(service.organisation_id, []).append(service)
    organisations = Organisation.objects.filter(kind__in=PROVIDER_KINDS).order_by("name", "code")
    if public_only:
        organisations = organisations.filter(pk__in=list(by_organisation))
    return [organisation_document(o, by_organisation.get(o.pk, [])) for o in organisations]


def export_and_audit(*, public_only: bool, auditor: Auditor, via: str) -> list[dict[str, Any]]:
    document = export_directory(public_only=public_only)
    auditor.exported(
        "openreferral_directory",
        detail={
            "public_only": public_only,
            "organisations": len(document),
            "services": sum(len(o["services"]) for o in document),
            "via": via,
        },
    )
    return document


# ---------------------------------------------------------------------------------------------------------------
# Validation against the kept schemas


@dataclass(frozen=True)
class RowError:
    """One problem with one organization (and service) of a file: where, which field, which rule, and why."""

    organization: int | None
    service: int | None
    path: str
    field: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "service": self.service,
            "path": self.path,
            "field": self.field,
            "rule": self.rule,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = "file" if self.organization is None else f"organization {self.organization}"
        if self.service is not None:
            where += f", service {self.service}"
        return f"{where}: {self.path} ({self.field}, {self.rule}): {self.message}"


def json_path(parts: Iterable[Any]) -> str:
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _indexes(parts: list[Any]) -> tuple[int | None, int | None]:
    organization = parts[0] if parts and isinstance(parts[0], int) else None
    service = parts[2] if len(parts) > 2 and parts[1] == "services" and isinstance(parts[2], int) else None
    return organization, service


@cache
def _uk_validator() -> Draft202012Validator:
    schema = json.loads(UK_PROFILE_SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


@cache
def _hsds_validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    """HSDS 3.0's organization and service schemas, their $refs to sibling files resolved from the kept copies."""
    resources = []
    contents = {}
    for path in sorted(HSDS_SCHEMAS.glob("*.json")):
        contents[path.name] = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, DRAFT202012.create_resource(contents[path.name])))
    registry: Registry = Registry().with_resources(resources)
    checker = FormatChecker()
    return (
        Draft202012Validator(contents["organization.json"], registry=registry, format_checker=checker),
        Draft202012Validator(contents["service.json"], registry=registry, format_checker=checker),
    )


def _schema_errors(validator: Draft202012Validator, instance: Any, prefix: list[Any], schema: str) -> Iterator:
    for error in validator.iter_errors(instance):
        parts = [*prefix, *error.absolute_path]
        last = next((p for p in reversed(parts) if isinstance(p, str)), "")
        if error.validator == "required" and isinstance(error.instance, dict):
            # The field is the one that is missing, not the object it is missing from.
            last = next((p for p in error.validator_value if p not in error.instance), last)
        yield parts, last, f"{schema}:{error.validator}", error.message


def validate_document(document: Any) -> list[RowError]:
    """Every way `document` breaks the UK profile or HSDS 3.0, each naming the path in the file."""
    found: dict[tuple[str, str], RowError] = {}
    problems = list(_schema_errors(_uk_validator(), document, [], "uk-profile"))
    if isinstance(document, list):
        organization_validator, service_validator = _hsds_validators()
        for i, organization in enumerate(document):
            problems += _schema_errors(organization_validator, organization, [i], "hsds-3.0")
            services = organization.get("services") if isinstance(organization, dict) else None
            for j, service in enumerate(services if isinstance(services, list) else []):
                problems += _schema_errors(service_validator, service, [i, "services", j], "hsds-3.0")
    for parts, last, rule, message in problems:
        path = json_path(parts)
        if (path, message) not in found:
            organization, service = _indexes(parts)
            found[(path, message)] = RowError(organization, service, path, last, rule, message)
    return sorted(found.values(), key=_position)


def _position(error: "RowError") -> tuple[int, int, str]:
    return (
        -1 if error.organization is None else error.organization,
        -1 if error.service is None else error.service,
        error.path,
    )


# ---------------------------------------------------------------------------------------------------------------
# Import

# Where each of our service fields lives in an HSDS service (for error reports).
FIELD_PATHS = {
    "name": "name",
    "description": "description",
    "status": "status",
    "category": "attributes",
    "eligibility": "eligibility_description",
    "cost": "cost_options[0].amount_description",
    "schedule": "schedules",
    "location_name": "service_at_locations[0].location.name",
    "address": "service_at_locations[0].location.addresses[0].address_1",
    "postcode": "service_at_locations[0].location.addresses[0].postal_code",
    "contact_name": "contacts[0].name",
    "contact_phone": "contacts[0].phones[0].number",
    "contact_email": "contacts[0].email",
    "website": "url",
    "how_to_refer": "application_process",
    "public": "attributes",
}
ORGANISATION_FIELD_PATHS = {"name": "name", "code": "organization_identifiers", "kind": "attributes"}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class ImportReport:
    dry_run: bool
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    organisations: Counts = field(default_factory=Counts)
    services: Counts = field(default_factory=Counts)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stored(self) -> bool:
        return self.ok and not self.dry_run

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "stored": self.stored,
            "organisations": self.organisations.as_dict(),
            "services": self.services.as_dict(),
            "errors": [e.as_dict() for e in self.errors[:MAX_REPORTED_ERRORS]],
            "errors_left_out": max(0, len(self.errors) - MAX_REPORTED_ERRORS),
            "warnings": [w.as_dict() for w in self.warnings[:MAX_REPORTED_ERRORS]],
        }

    def lines(self) -> list[str]:
        """The report as a person reads it (the management command prints these)."""
        o, s = self.organisations, self.services
        verb = "Would store" if self.dry_run else ("Stored" if self.stored else "Stored nothing")
        lines = [
            f"{verb}: organisations {o.created} new, {o.updated} changed, {o.unchanged} unchanged; "
            f"services {s.created} new, {s.updated} changed, {s.unchanged} unchanged"
        ]
        if not self.ok:
            lines[0] = f"Stored nothing: {len(self.errors)} error(s) in the file"
        lines += [f"error: {e}" for e in self.errors]
        lines += [f"warning: {w}" for w in self.warnings]
        return lines


class _RollBack(Exception):
    """Leaves the import's transaction so that nothing is stored (a dry run, or a file with errors)."""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _first(items: Any) -> dict[str, Any]:
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def _terms(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The taxonomy terms an organization or service is linked to through its attributes."""
    attributes = document.get("attributes")
    terms = []
    for attribute in attributes if isinstance(attributes, list) else []:
        if isinstance(attribute, dict) and isinstance(attribute.get("taxonomy_term"), dict):
            terms.append({**attribute["taxonomy_term"], "_term_id": attribute.get("taxonomy_term_id")})
    return terms


def _in_taxonomy(term: dict[str, Any], taxonomy: str) -> bool:
    return term.get("taxonomy_id") == taxonomy_id(taxonomy) or term.get("taxonomy") == taxonomy


def _term_key(term: dict[str, Any], taxonomy: str, keys: Iterable[str], labels: dict[str, str]) -> str | None:
    """Which of our keys a taxonomy term stands for: by our term id, then its code or term, then its name."""
    keys = list(keys)
    for key in keys:
        if term_id(taxonomy, key) in (term.get("id"), term.get("_term_id")):
            return key
    for name in ("code", "term"):
        if term.get(name) in keys:
            return term[name]
    by_label = {label.casefold(): key for key, label in labels.items()}
    return by_label.get(_text(term.get("name")).casefold())


class _Importer:
    def __init__(self, user, auditor: Auditor, report: ImportReport):
        self.user = user
        self.auditor = auditor
        self.report = report
        self.seen_services: set[str] = set()
        self.seen_organisations: set[uuid.UUID] = set()

    # Reporting -------------------------------------------------------------------------------------------------

    def _row(self, i: int, j: int | None, subpath: str, name: str, rule: str, message: str) -> RowError:
        base = f"$[{i}]" if j is None else f"$[{i}].services[{j}]"
        path = f"{base}.{subpath}" if subpath else base
        return RowError(i, j, path, name, rule, message)

    def error(self, i: int, j: int | None, subpath: str, name: str, rule: str, message: str) -> None:
        self.report.errors.append(self._row(i, j, subpath, name, rule, message))

    def warn(self, i: int, j: int | None, subpath: str, name: str, rule: str, message: str) -> None:
        self.report.warnings.append(self._row(i, j, subpath, name, rule, message))

    def violation(self, i: int, j: int | None, exc: RuleViolation, paths: dict[str, str]) -> None:
        for e in exc.errors:
            self.error(i, j, paths.get(e.field, e.field), e.field, e.rule, e.message)

    # Organisations ---------------------------------------------------------------------------------------------

    def _code(self, i: int, document: dict[str, Any], oid: uuid.UUID) -> str:
        identifiers = [x for x in document.get("organization_identifiers") or [] if isinstance(x, dict)]
        ours = [x for x in identifiers if x.get("identifier_type") == CODE_IDENTIFIER]
        for candidate in ours + [x for x in identifiers if x not in ours]:
            code = normalise_code(_text(candidate.get("identifier")))
            if ORGANISATION_CODE.match(code):
                return code
        code = "OR" + oid.hex[:10].upper()
        self.warn(
            i,
            None,
            "organization_identifiers",
            "code",
            "generated",
            f"no identifier is a usable organisation code; gave it {code}, made from its id",
        )
        return code

    def _kind(self, i: int, document: dict[str, Any]) -> str:
        labels = {str(k): OrganisationKind(k).label for k in PROVIDER_KINDS}
        for term in _terms(document):
            if _in_taxonomy(term, KIND_TAXONOMY):
                key = _term_key(term, KIND_TAXONOMY, sorted(labels), labels)
                if key:
                    return key
        self.warn(
            i,
            None,
            "attributes",
            "kind",
            "default",
            "no kind of organisation in our taxonomy; stored as a VCSE organisation",
        )
        return OrganisationKind.VCSE

    def _parent_code(self, i: int, document: dict[str, Any]) -> str | None:
        parent_id = document.get("parent_organization_id")
        if not parent_id:
            return None
        parent = Organisation.objects.filter(pk=parent_id, kind=OrganisationKind.ICB).first()
        if parent is None:
            self.warn(
                i,
                None,
                "parent_organization_id",
                "parent",
                "exists",
                "no integrated care board here has that id; stored without a parent",
            )
            return None
        return parent.code

    def organisation(self, i: int, document: dict[str, Any]) -> Organisation | None:
        oid = uuid.UUID(document["id"])
        if oid in self.seen_organisations:
            self.error(i, None, "id", "id", "unique", "another organization in this file has the same id")
            return None
        self.seen_organisations.add(oid)
        name = _text(document.get("name")).strip()
        existing = Organisation.objects.filter(pk=oid).first()
        if existing is not None:
            if existing.kind not in PROVIDER_KINDS:
                self.error(
                    i,
                    None,
                    "id",
                    "organisation",
                    "kind",
                    f"that id is a {existing.get_kind_display().lower()}, not an organisation offering services",
                )
                return None
            return self._update_organisation(i, existing, name, document)
        if not self.user.has_perm("community.add_provider_organisation"):
            self.error(
                i,
                None,
                "id",
                "organisation",
                "permission",
                f"{self.user.role_label} may not add organisations to the directory",
            )
            return None
        try:
            created = create_organisation(
                kind=self._kind(i, document),
                code=self._code(i, document, oid),
                name=name,
                parent_code=self._parent_code(i, document),
                auditor=self.auditor,
                id=oid,
            )
        except RuleViolation as exc:
            self.violation(i, None, exc, ORGANISATION_FIELD_PATHS)
            return None
        self.report.organisations.created += 1
        return created

    def _update_organisation(self, i: int, organisation: Organisation, name: str, document: dict[str, Any]):
        code = self._code(i, document, organisation.pk)
        if code != organisation.code:
            self.warn(
                i,
                None,
                "organization_identifiers",
                "code",
                "unchanged",
                f"the directory keeps its code {organisation.code} for this organisation (the file says {code})",
            )
        if not name:
            self.error(i, None, "name", "name", "required", "name is required")
            return None
        if name == organisation.name:
            self.report.organisations.unchanged += 1
            return organisation
        if not self.user.has_perm("community.add_provider_organisation"):
            self.error(
                i,
                None,
                "name",
                "name",
                "permission",
                f"{self.user.role_label} may not change organisations in the directory",
            )
            return None
        # Organisations have no change service yet: the one field an import changes is its name, audited here.
        Organisation.objects.filter(pk=organisation.pk).update(name=name)
        self.auditor.updated("organisation", organisation.pk, detail={"fields": ["name"], "via": "openreferral"})
        organisation.name = name
        self.report.organisations.updated += 1
        return organisation

    # Services --------------------------------------------------------------------------------------------------

    def _category(self, i: int, j: int, document: dict[str, Any]) -> str:
        labels = {t.key: t.label for t in SERVICE_CATEGORIES}
        terms = _terms(document)
        ours = [t for t in terms if _in_taxonomy(t, CATEGORY_TAXONOMY)]
        for term in ours + [t for t in terms if t not in ours]:
            key = _term_key(term, CATEGORY_TAXONOMY, SERVICE_CATEGORIES.keys(), labels)
            if key:
                return key
        named = ", ".join(sorted({_text(t.get("name")) for t in terms if t.get("name")})) or "none"
        self.warn(
            i,
            j,
            "attributes",
            "category",
            "unknown_category",
            f"no taxonomy term matches one of our categories (terms: {named}); stored as Other",
        )
        return "other"

    def values(self, i: int, j: int, document: dict[str, Any]) -> dict[str, Any]:
        """Our fields from an HSDS service; anything the file leaves out is blank (a file states the whole
        service)."""
        contact = _first(document.get("contacts"))
        location = _first(document.get("service_at_locations")).get("location") or {}
        address = _first(location.get("addresses"))
        cost = _first(document.get("cost_options"))
        schedules = [s for s in document.get("schedules") or [] if isinstance(s, dict)]
        for name, items in (
            ("contacts", document.get("contacts")),
            ("service_at_locations", document.get("service_at_locations")),
            ("cost_options", document.get("cost_options")),
        ):
            if isinstance(items, list) and len(items) > 1:
                self.warn(i, j, name, name, "first_only", f"the directory keeps one of {name}; kept the first")
        cost_text = _text(cost.get("amount_description"))
        if not cost_text and isinstance(cost.get("amount"), int | float):
            cost_text = "Free" if cost["amount"] == 0 else f"£{cost['amount']:.2f}"
        line = ", ".join(p for p in (_text(address.get("address_1")), _text(address.get("city"))) if p)
        terms = _terms(document)
        return {
            "name": _text(document.get("name")),
            "description": _text(document.get("description")),
            "status": _text(document.get("status")),
            "category": self._category(i, j, document),
            "eligibility": _text(document.get("eligibility_description")),
            "cost": cost_text or _text(document.get("fees_description")),
            "schedule": "\n".join(_text(s.get("description")) for s in schedules if _text(s.get("description"))),
            "location_name": _text(location.get("name")),
            "address": line,
            "postcode": _text(address.get("postal_code")),
            "contact_name": _text(contact.get("name")),
            "contact_phone": _text(_first(contact.get("phones")).get("number")),
            "contact_email": _text(contact.get("email")) or _text(document.get("email")),
            "website": _text(document.get("url")),
            "how_to_refer": _text(document.get("application_process")),
            "public": any(
                _in_taxonomy(t, LISTING_TAXONOMY) and _term_key(t, LISTING_TAXONOMY, [PUBLIC_TERM], {}) == PUBLIC_TERM
                for t in terms
            ),
        }

    def service(self, i: int, j: int, organisation: Organisation, document: dict[str, Any]) -> None:
        sid = document["id"]
        if sid in self.seen_services:
            self.error(i, j, "id", "id", "unique", "another service in this file has the same id")
            return
        self.seen_services.add(sid)
        given = document.get("organization_id")
        if given and str(given) != str(organisation.pk):
            self.error(
                i,
                j,
                "organization_id",
                "organisation",
                "mismatch",
                "the service names a different organization from the one it is listed under",
            )
            return
        values = self.values(i, j, document)
        existing = Service.objects.filter(pk=sid).first()
        try:
            if existing is None:
                community_services.add_service(
                    organisation, values, user=self.user, auditor=self.auditor, id=uuid.UUID(sid)
                )
                self.report.services.created += 1
            elif existing.organisation_id != organisation.pk:
                self.error(
                    i,
                    j,
                    "id",
                    "organisation",
                    "mismatch",
                    "a service with this id belongs to another organisation; a service never moves",
                )
            elif community_services.change_service(existing, values, user=self.user, auditor=self.auditor):
                self.report.services.updated += 1
            else:
                self.report.services.unchanged += 1
        except RuleViolation as exc:
            self.violation(i, j, exc, FIELD_PATHS)
        except PermissionDenied as exc:
            self.error(i, j, "", "organisation", "permission", str(exc))

    def run(self, document: list[dict[str, Any]]) -> None:
        for i, organisation_document in enumerate(document):
            organisation = self.organisation(i, organisation_document)
            if organisation is None:
                continue
            for j, service_document in enumerate(organisation_document.get("services") or []):
                self.service(i, j, organisation, service_document)


def import_directory(document: Any, *, user, auditor: Auditor, dry_run: bool = False) -> ImportReport:
    """Check a whole Open Referral UK file and store it through the community services: all of it, or (on any
    error, or a dry run) nothing. Returns the report either way."""
    report = ImportReport(dry_run=dry_run)
    report.errors = validate_document(document)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _Importer(user, auditor, report).run(document)
            if report.errors or dry_run:
                raise _RollBack
            auditor.record(
                "create",
                "openreferral_import",
                detail={"organisations": report.organisations.as_dict(), "services": report.services.as_dict()},
            )
    except _RollBack:
        pass
    return report
