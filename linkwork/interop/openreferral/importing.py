"""Storing an Open Referral UK file: each organization matched by id (new ones made through
organisations.services), each service written through community.services, so every field rule and audit row of a
hand-made change applies; all of it or nothing."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from linkwork.community import services as community_services
from linkwork.community.models import Service
from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.interop.openreferral.report import ImportReport
from linkwork.interop.openreferral.terms import (
    CATEGORY_TAXONOMY,
    CODE_IDENTIFIER,
    KIND_TAXONOMY,
    LISTING_TAXONOMY,
    PUBLIC_TERM,
    taxonomy_id,
    term_id,
)
from linkwork.interop.openreferral.validation import RowError, validate_document
from linkwork.organisations.models import PROVIDER_KINDS, Organisation, OrganisationKind
from linkwork.organisations.services import ORGANISATION_CODE, create_organisation, normalise_code

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
