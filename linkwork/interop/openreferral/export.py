"""The directory as an Open Referral UK organization package: one HSDS service per service, with its contact,
schedule, cost option, location and attributes; every provider organisation with its services."""

import uuid
from collections.abc import Iterable
from typing import Any

from linkwork.community.models import Service
from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.core.auditor import Auditor
from linkwork.interop.openreferral.terms import (
    CATEGORY_TAXONOMY,
    CODE_IDENTIFIER,
    KIND_TAXONOMY,
    LISTING_TAXONOMY,
    PUBLIC_TERM,
    attribute,
    derived_id,
)
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

COUNTRY = "GB"


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
        attribute(sid, "service", CATEGORY_TAXONOMY, service.category, SERVICE_CATEGORIES.label(service.category))
    ]
    if service.public:
        attributes.append(attribute(sid, "service", LISTING_TAXONOMY, PUBLIC_TERM, "Listed in the public directory"))
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
        attribute(oid, "organization", KIND_TAXONOMY, organisation.kind, organisation.get_kind_display())
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
