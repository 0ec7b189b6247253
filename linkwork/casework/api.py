"""The referral episode over the API: referrals with their contacts (and the code each contact raised), recording a
contact, and discharge (with the connections a service has not yet seen). It gathers referrals, coding and connections,
so it lives in casework (ADR 0008)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.utils import timezone
from ninja import Header, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from linkwork.coding.api import CodingEventOut
from linkwork.connections import services as connection_services
from linkwork.core.access import get_in_scope, require_perm
from linkwork.core.api_audit import AuditedPage
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.core.pagination import Paging
from linkwork.people.models import Person
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import ContactOutcome, Referral, Urgency
from linkwork.referrals.services import (
    MAX_CONTACT_MINUTES,
    ContactDetails,
    ReferralDetails,
    discharge,
    receive_referral,
    record_contact,
)
from linkwork.referrals.vocabularies import (
    CONTACT_MODES,
    CONTACT_PURPOSES,
    DISCHARGE_REASONS,
    REFERRAL_CRITERIA,
    REFERRAL_REASONS,
    REFERRER_TYPES,
)

router = Router(tags=["referrals"])

ReferrerType = Literal[tuple(REFERRER_TYPES.keys())]  # type: ignore[valid-type]
Reason = Literal[tuple(REFERRAL_REASONS.keys())]  # type: ignore[valid-type]
Criterion = Literal[tuple(REFERRAL_CRITERIA.keys())]  # type: ignore[valid-type]
Mode = Literal[tuple(CONTACT_MODES.keys())]  # type: ignore[valid-type]
Outcome = Literal[tuple(ContactOutcome.values)]  # type: ignore[valid-type]
Purpose = Literal[tuple(CONTACT_PURPOSES.keys())]  # type: ignore[valid-type]
UrgencyKey = Literal[tuple(Urgency.values)]  # type: ignore[valid-type]
DischargeReason = Literal[tuple(DISCHARGE_REASONS.keys())]  # type: ignore[valid-type]


class ReferralIn(Schema):
    person: UUID
    received_on: date
    referrer_type: ReferrerType
    reasons: list[Reason] = Field(min_length=1)
    criteria: list[Criterion] = []
    referrer_detail: str = ""
    urgency: UrgencyKey = "routine"
    context: str = ""


class ContactIn(Schema):
    occurred_at: datetime
    mode: Mode
    duration_minutes: int = Field(ge=0, le=MAX_CONTACT_MINUTES)
    reached: bool | None = Field(
        None,
        description="Whether the person was reached. Optional where the outcome implies it (accepted, declined, "
        "follow_up: only a conversation has those); needed for no_response.",
    )
    outcome: Outcome
    purpose: Purpose = "social_prescribing"
    note: str = ""


class DischargeIn(Schema):
    discharged_on: date
    reason: DischargeReason
    note: str = ""


class ContactOut(Schema):
    id: UUID
    occurred_at: datetime
    mode: str
    duration_minutes: int = Field(ge=0, le=MAX_CONTACT_MINUTES)
    reached: bool
    outcome: str
    purpose: str
    practitioner: UUID = Field(validation_alias="practitioner_id")
    practitioner_role: str
    coding_event: CodingEventOut | None = None

    @staticmethod
    def resolve_coding_event(obj):
        return getattr(obj, "coding_event", None)


class ReferralOut(Schema):
    id: UUID
    person: UUID = Field(validation_alias="person_id")
    pcn: str
    received_on: date
    referrer_type: str
    referrer_detail: str
    reasons: list[str]
    criteria: list[str]
    urgency: str
    context: str
    status: str
    assigned_to: UUID | None = Field(validation_alias="assigned_to_id")
    first_contact_at: datetime | None
    accepted_on: date | None
    closed_on: date | None
    discharge_reason: str
    days_waited: int | None = Field(
        description="Days from the referral to the first contact that reached the person; null while none has"
    )
    contacts: list[ContactOut]

    @staticmethod
    def resolve_pcn(obj: Referral) -> str:
        return obj.pcn.code

    @staticmethod
    def resolve_reasons(obj: Referral) -> list[str]:
        return [r.reason for r in obj.reasons.all()]

    @staticmethod
    def resolve_criteria(obj: Referral) -> list[str]:
        return [c.criterion for c in obj.criteria.all()]

    @staticmethod
    def resolve_days_waited(obj: Referral) -> int | None:
        first = timezone.localdate(obj.first_contact_at) if obj.first_contact_at else None
        return episode_policy.days_waited(obj.received_on, first)

    @staticmethod
    def resolve_contacts(obj: Referral):
        return list(obj.contacts.all())


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


def _referral_for_output(request, referral_id) -> Referral:
    return (
        Referral.objects.for_user(request.user)
        .select_related("pcn")
        .prefetch_related("reasons", "criteria", "contacts__coding_event")
        .get(pk=referral_id)
    )


def _scoped_referral(request, referral_id: UUID, auditor: Auditor) -> Referral:
    return get_in_scope(Referral.objects.for_user(request.user), referral_id, auditor, "referral")


@router.post("/referrals", response={201: ReferralOut})
def create_referral(request, payload: ReferralIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    auditor = _auditor(request)
    require_perm(request.user, "referrals.receive_referral", auditor, "receive referrals")

    def create():
        person = get_in_scope(
            Person.objects.for_user(request.user).select_related("gp_practice"), payload.person, auditor, "person"
        )
        details = ReferralDetails(**payload.model_dump(exclude={"person"}))
        received = receive_referral(details, user=request.user, auditor=auditor, person=person)
        return 201, ReferralOut.from_orm(_referral_for_output(request, received.referral.pk))

    return idempotent(request, idempotency_key, payload.model_dump(), create)


@router.get("/referrals", response=list[ReferralOut])
@paginate(Paging)
def list_referrals(request, status: str | None = None, person: UUID | None = None):
    referrals = (
        Referral.objects.for_user(request.user)
        .select_related("pcn")
        .prefetch_related("reasons", "criteria", "contacts__coding_event")
        .order_by("-received_on", "id")
    )
    if status:
        referrals = referrals.filter(status=status)
    if person:
        referrals = referrals.filter(person_id=person)
    return AuditedPage(referrals, _auditor(request), "referral")


@router.get("/referrals/{referral_id}", response=ReferralOut)
def get_referral(request, referral_id: UUID):
    auditor = _auditor(request)
    referral = _scoped_referral(request, referral_id, auditor)
    auditor.viewed("referral", referral.pk, person_id=referral.person_id)
    return _referral_for_output(request, referral.pk)


@router.post("/referrals/{referral_id}/contacts", response={201: ContactOut})
def create_contact(
    request, referral_id: UUID, payload: ContactIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
):
    auditor = _auditor(request)
    require_perm(request.user, "referrals.record_contact", auditor, "record contacts")
    referral = _scoped_referral(request, referral_id, auditor)

    def create():
        contact = record_contact(referral, ContactDetails(**payload.model_dump()), user=request.user, auditor=auditor)
        return 201, ContactOut.from_orm(contact)

    return idempotent(request, idempotency_key, payload.model_dump(), create)


class DischargeOut(ReferralOut):
    # Discharge warns, never blocks: the connections whose service had not yet seen the person.
    warnings: list[str] = []


@router.post("/referrals/{referral_id}/discharge", response=DischargeOut)
def discharge_referral(request, referral_id: UUID, payload: DischargeIn):
    auditor = _auditor(request)
    require_perm(request.user, "referrals.discharge", auditor, "discharge people")
    referral = _scoped_referral(request, referral_id, auditor)
    left = connection_services.not_yet_seen(referral, request.user)
    discharge(
        referral,
        discharged_on=payload.discharged_on,
        reason=payload.reason,
        note=payload.note,
        user=request.user,
        auditor=auditor,
    )
    discharged = _referral_for_output(request, referral.pk)
    discharged.warnings = [
        f"{c.service.name} ({c.organisation.name}) has not seen the person yet: the connection is {c.status}"
        for c in left
    ]
    return discharged
