"""Stable ids for everything a document holds, and the taxonomy terms of our own vocabularies (service
categories, kinds of provider organisation, and whether a service is in the public directory)."""

import uuid
from typing import Any

from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.organisations.models import PROVIDER_KINDS, OrganisationKind

# Every derived id hangs off this namespace (or off the id of the organisation or service it belongs to).
NAMESPACE = uuid.UUID("6f1d8a52-3c1e-5b0e-9a57-2f4c1b7d9e10")
CATEGORY_TAXONOMY = "linkwork service categories"
KIND_TAXONOMY = "linkwork provider organisation kinds"
LISTING_TAXONOMY = "linkwork directory listing"
PUBLIC_TERM = "public_directory"
CODE_IDENTIFIER = "linkwork_organisation_code"


def derived_id(parent: uuid.UUID | str, part: str) -> str:
    """A stable UUID for something that belongs to `parent` (an organisation, a service or NAMESPACE)."""
    return str(uuid.uuid5(uuid.UUID(str(parent)), part))


def taxonomy_id(name: str) -> str:
    return derived_id(NAMESPACE, f"taxonomy:{name}")


def term_id(taxonomy: str, code: str) -> str:
    return derived_id(NAMESPACE, f"term:{taxonomy}:{code}")


def term_document(taxonomy: str, code: str, label: str) -> dict[str, Any]:
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


def attribute(owner: uuid.UUID, link_type: str, taxonomy: str, code: str, label: str) -> dict[str, Any]:
    term = term_document(taxonomy, code, label)
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
    terms = [term_document(CATEGORY_TAXONOMY, t.key, t.label) for t in SERVICE_CATEGORIES]
    terms += [term_document(KIND_TAXONOMY, kind, OrganisationKind(kind).label) for kind in sorted(PROVIDER_KINDS)]
    terms.append(term_document(LISTING_TAXONOMY, PUBLIC_TERM, "Listed in the public directory"))
    return terms
