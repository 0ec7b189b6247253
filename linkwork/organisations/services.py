"""Writes to organisations."""

import re
import uuid

from django.db import transaction

from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector
from linkwork.organisations.models import PARENT_KIND, Organisation, OrganisationKind

# ODS codes are 3-6 letters and digits; charity and company numbers are up to 8 digits, sometimes
# with a letter prefix (SC, NI). One rule covers them all.
ORGANISATION_CODE = re.compile(r"^[A-Z0-9]{3,12}$")


def normalise_code(code: str) -> str:
    return (code or "").strip().upper().replace(" ", "")


@transaction.atomic
def create_organisation(
    *, kind: str, code: str, name: str, parent_code: str | None, auditor: Auditor, id: uuid.UUID | None = None
) -> Organisation:
    errors = ErrorCollector()
    code = normalise_code(code)
    name = (name or "").strip()
    if kind not in OrganisationKind.values:
        errors.add("kind", "choice", f"kind must be one of {', '.join(OrganisationKind.values)}")
    if not ORGANISATION_CODE.match(code):
        errors.add("code", "format", "code must be 3-12 letters or digits (an ODS code or charity number)")
    elif Organisation.objects.filter(code=code).exists():
        errors.add("code", "unique", f"an organisation with code {code} already exists")
    if not name:
        errors.add("name", "required", "name is required")
    parent = None
    if parent_code:
        parent = Organisation.objects.filter(code=normalise_code(parent_code)).first()
        if parent is None:
            errors.add("parent", "exists", f"no organisation has code {normalise_code(parent_code)}")
    if kind in OrganisationKind.values and not errors.has("parent"):
        expected = PARENT_KIND[OrganisationKind(kind)]
        if parent is not None and (expected is None or parent.kind != expected):
            allowed = f"an organisation of kind {expected}" if expected else "no parent"
            errors.add("parent", "kind", f"a {kind} must have {allowed}")
        if kind in (OrganisationKind.PCN, OrganisationKind.PRACTICE) and parent is None:
            errors.add("parent", "required", f"a {kind} must have a parent {expected}")
    errors.raise_if_any()
    # `id`: keep the id another system gave the organisation (an Open Referral UK import), else a new one.
    organisation = Organisation.objects.create(
        id=id or uuid.uuid4(), kind=kind, code=code, name=name, parent=parent, created_by=auditor.actor
    )
    auditor.created("organisation", organisation.pk, detail={"code": code, "kind": kind})
    return organisation
