"""Writes to the community directory: adding and changing services, capacity statements, and counting views of
the public directory.

Each write checks every rule before it stores anything, runs in one transaction and is audited, so bad input stores
nothing. Who may write for which organisation is community.rules; it is checked here as well as at the edges, so
no caller can write for an organisation outside the user's reach.
"""

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.community.models import CapacityStatement, Service
from linkwork.community.vocabularies import CAPACITY_STATUSES, SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector
from linkwork.core.text import words
from linkwork.geography.policy.postcodes import normalise_postcode, postcode_problem
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

# The fields of a service a user writes, with the longest each may be (None: a long text).
SERVICE_FIELDS: dict[str, int | None] = {
    "name": 200,
    "category": None,
    "status": None,
    "description": None,
    "eligibility": None,
    "cost": 200,
    "schedule": None,
    "location_name": 200,
    "address": 300,
    "postcode": None,
    "contact_name": 200,
    "contact_phone": 32,
    "contact_email": 254,
    "website": 200,
    "how_to_refer": None,
    "public": None,
}
TEXT_MAX = 5_000
NEW_SERVICE: dict[str, Any] = {**dict.fromkeys(SERVICE_FIELDS, ""), "status": "active", "public": False}
# The longest wait worth stating: beyond a year, "closed" tells a link worker more.
WAIT_MAX_DAYS = 365
_PHONE_CHARACTERS = set("0123456789 +()-")


def _require(user: User, perm: str, organisation: Organisation | None, action: str) -> None:
    if not user.has_perm(perm, organisation):
        where = f" for {organisation.name}" if organisation is not None else ""
        raise PermissionDenied(f"{user.role_label} may not {action}{where} (permission {perm})")


def _clean(name: str, value: Any) -> Any:
    if name == "public":
        return bool(value)
    text = words(value)
    if name == "postcode" and text:
        return normalise_postcode(text)
    if name == "contact_email":
        return text.lower()
    return text


def _check_provider(organisation: Organisation, errors: ErrorCollector) -> None:
    if organisation.kind not in PROVIDER_KINDS:
        errors.add(
            "organisation",
            "kind",
            "services belong to a VCSE organisation, community group or statutory service, "
            f"not to a {organisation.get_kind_display().lower()}",
        )


def _validate_service(values: Mapping[str, Any], errors: ErrorCollector) -> None:
    if not values["name"]:
        errors.add("name", "required", "enter the name of the service")
    if not values["category"]:
        errors.add("category", "required", "choose the category of support the service gives")
    elif values["category"] not in SERVICE_CATEGORIES:
        errors.add("category", "choice", f"category must be one of {', '.join(SERVICE_CATEGORIES.keys())}")
    if not values["status"]:
        errors.add("status", "required", "say whether the service is running")
    elif values["status"] not in SERVICE_STATUSES:
        errors.add("status", "choice", f"status must be one of {', '.join(SERVICE_STATUSES.keys())}")
    for name, longest in SERVICE_FIELDS.items():
        value = values[name]
        limit = longest or TEXT_MAX
        if isinstance(value, str) and len(value) > limit and not errors.has(name):
            errors.add(name, "max_length", f"{name.replace('_', ' ')} must be {limit:,} characters or fewer")
    if values["postcode"] and not errors.has("postcode"):
        problem = postcode_problem(values["postcode"])
        if problem:
            errors.add("postcode", problem[0], "enter a real UK postcode, like LS1 4AP, or leave it blank")
    if values["contact_email"] and not errors.has("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors.add("contact_email", "email", "enter an email address like name@example.org")
    if values["website"] and not errors.has("website"):
        try:
            URLValidator(schemes=["http", "https"])(values["website"])
        except ValidationError:
            errors.add("website", "url", "enter a web address starting https://, like https://example.org")
    phone = values["contact_phone"]
    if phone and not errors.has("contact_phone"):
        digits = sum(ch.isdigit() for ch in phone)
        if not set(phone) <= _PHONE_CHARACTERS or not 10 <= digits <= 13:
            errors.add("contact_phone", "format", "enter a phone number like 0113 496 0000")


def _unknown(changes: Mapping[str, Any], errors: ErrorCollector) -> None:
    for name in changes:
        if name not in SERVICE_FIELDS:
            errors.add(name, "unknown", f"{name} is not a field of a service")


@transaction.atomic
def add_service(
    organisation: Organisation | None,
    values: Mapping[str, Any],
    *,
    user: User,
    auditor: Auditor,
    id: uuid.UUID | None = None,
) -> Service:
    """Add a service to the directory for a provider organisation. Needs the organisation, a name and a category
    from the agreed onward categories (seed 003 section 10; seed 004 recommends one common list)."""
    _require(user, "community.change_service", organisation, "add services")
    errors = ErrorCollector()
    _unknown(values, errors)
    if organisation is None:
        errors.add("organisation", "required", "choose the organisation that runs the service")
    else:
        _check_provider(organisation, errors)
    cleaned = {**NEW_SERVICE, **{n: _clean(n, v) for n, v in values.items() if n in SERVICE_FIELDS}}
    _validate_service(cleaned, errors)
    errors.raise_if_any()
    assert organisation is not None  # reported above
    # `id`: keep the id another directory gave the service (an Open Referral UK import), else a new one.
    service = Service.objects.create(
        id=id or uuid.uuid4(), organisation=organisation, created_by=auditor.actor, **cleaned
    )
    auditor.created("service", service.pk, detail={"organisation": organisation.code, "category": service.category})
    return service


@transaction.atomic
def change_service(service: Service, changes: Mapping[str, Any], *, user: User, auditor: Auditor) -> list[str]:
    """Change the fields named in `changes` (others keep their values); returns the names of those that changed.
    A save that changes nothing writes nothing."""
    service = Service.objects.select_for_update().select_related("organisation").get(pk=service.pk)
    _require(user, "community.change_service", service.organisation, "change services")
    errors = ErrorCollector()
    _unknown(changes, errors)
    current = {name: getattr(service, name) for name in SERVICE_FIELDS}
    after = {**current, **{n: _clean(n, v) for n, v in changes.items() if n in SERVICE_FIELDS}}
    _validate_service(after, errors)
    errors.raise_if_any()
    changed = [name for name in SERVICE_FIELDS if after[name] != current[name]]
    if not changed:
        return []
    for name in changed:
        setattr(service, name, after[name])
    service.save(update_fields=[*changed, "updated_at"])
    auditor.updated("service", service.pk, detail={"fields": changed})
    return changed


@transaction.atomic
def state_capacity(
    organisation: Organisation,
    *,
    status: str,
    typical_wait_days: int | None = None,
    stated_on: date | None = None,
    user: User,
    auditor: Auditor,
) -> CapacityStatement:
    """Record an organisation's word on whether it can take more people. Each statement is a new row (the newest is
    current, the rest is history). A waiting list needs its typical wait: long waits mean people are discharged
    before the service sees them (seed 004), so link workers need the number when they connect someone."""
    _require(user, "community.state_capacity", organisation, "state capacity")
    errors = ErrorCollector()
    _check_provider(organisation, errors)
    stated_on = stated_on or timezone.localdate()
    if not status:
        errors.add("status", "required", "say whether the organisation can take more people")
    elif status not in CAPACITY_STATUSES:
        errors.add("status", "choice", f"status must be one of {', '.join(CAPACITY_STATUSES.keys())}")
    if status == "waiting_list":
        if typical_wait_days is None:
            errors.add("typical_wait_days", "required", "give the typical wait in days for the waiting list")
        elif not 1 <= typical_wait_days <= WAIT_MAX_DAYS:
            errors.add("typical_wait_days", "range", f"the typical wait must be between 1 and {WAIT_MAX_DAYS} days")
    else:
        # Only a waiting list has a wait; a number left in the box from another answer means nothing.
        typical_wait_days = None
    if stated_on > timezone.localdate():
        errors.add("stated_on", "not_in_future", "the date of the statement must be today or in the past")
    errors.raise_if_any()
    statement = CapacityStatement.objects.create(
        organisation=organisation,
        status=status,
        typical_wait_days=typical_wait_days,
        stated_on=stated_on,
        created_by=auditor.actor,
    )
    auditor.created(
        "capacity_statement",
        statement.pk,
        detail={"organisation": organisation.code, "status": status, "typical_wait_days": typical_wait_days},
    )
    return statement


def count_public_view(service_id: Any) -> bool:
    """Count one view of a service's public page. Only the number: no visitor, no time, no audit row (the public
    directory stores no one's identity). False when the service is not in the public directory."""
    return bool(Service.objects.public().filter(pk=service_id).update(public_views=F("public_views") + 1))
