"""Agreements to connect over the API: a PCN's agreements with one provider organisation, and signing a new one.

The PCN is always the caller's own; the rules are presenters.services', so the API and the pages refuse the same things.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from ninja import Header, Router, Schema
from pydantic import ConfigDict, Field

from linkwork.community.models import Agreement
from linkwork.community.quality import policy, presenters, services, sheets
from linkwork.core.access import require_perm
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

router = Router(tags=["quality assurance"])

Sheet = Literal[tuple(sheets.prompt_sheets()["sheets"])]  # type: ignore[valid-type]


class AgreementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    sheet: Sheet = Field(description="The prompt sheet used: vcse_provider or community_group")  # type: ignore[valid-type]
    pcn_signatory: str = Field(description="Who signed for the PCN (the caller's PCN)")
    pcn_signed_on: date
    organisation_signatory: str = Field(description="Who signed for the group or organisation")
    organisation_signed_on: date
    assessment: UUID | None = Field(None, description="The prompt sheet worked through before signing, if recorded")


class AgreementOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    pcn: UUID = Field(validation_alias="pcn_id")
    assessment: UUID | None = Field(validation_alias="assessment_id")
    sheet: str
    pcn_signatory: str
    pcn_signed_on: date
    organisation_signatory: str
    organisation_signed_on: date
    review_due_on: date
    leadership_changed_on: date | None
    state: str = Field(
        "",
        description='"current", "due" (review within 30 days), or "overdue" (review date passed or leadership changed)',
    )
    created_at: datetime

    @staticmethod
    def resolve_state(obj: Agreement) -> str:
        return policy.agreement_state(obj.review_due_on, obj.leadership_changed_on, timezone.localdate())


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


def _provider(organisation_id: UUID, auditor: Auditor) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id, kind__in=PROVIDER_KINDS).first()
    if organisation is None:
        auditor.denied("organisation", object_id=organisation_id)
        raise Http404("no community organisation with that id")
    return organisation


@router.get("/organisations/{organisation_id}/agreements", response=list[AgreementOut])
def list_agreements(request, organisation_id: UUID):
    """Your PCN's agreements to connect with the organisation, newest first; the first is the one in force."""
    auditor = _auditor(request)
    require_perm(request.user, "community.view_quality_assurance", auditor, "read agreements to connect")
    organisation = _provider(organisation_id, auditor)
    return presenters.agreements_for(organisation.pk, request.user.organisation_id)


@router.post("/organisations/{organisation_id}/agreements", response={201: AgreementOut})
def sign_agreement(
    request,
    organisation_id: UUID,
    payload: AgreementIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Record an agreement to connect between your PCN and the organisation, signed on both sides. Its review falls
    due a year after the later signature; it replaces any earlier agreement."""
    auditor = _auditor(request)
    require_perm(request.user, "community.record_quality_assurance", auditor, "sign agreements to connect")
    organisation = _provider(organisation_id, auditor)
    data = payload.model_dump()
    assessment = None
    if data["assessment"] is not None:
        assessment = next(
            (
                a
                for a in presenters.assessments_for(organisation.pk, request.user.organisation_id)
                if a.pk == data["assessment"]
            ),
            None,
        )
        if assessment is None:
            raise RuleViolation.single(
                "assessment", "not_found", "no assessment with that id between your PCN and this organisation"
            )

    def create():
        agreement = services.sign_agreement(
            organisation,
            **{**data, "assessment": assessment},
            user=request.user,
            auditor=auditor,
        )
        return 201, AgreementOut.from_orm(agreement)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)
