"""Quality assurance over the API: what the pages do, the API does (seed 003 section 9 and 12). A PCN's standing with
a provider organisation; prompt sheets worked through; agreements to connect and a change of leadership; catch-ups;
the PCN manager's exceptions; the confidence survey, taken by phone or answered by the organisation itself.

The PCN is always the caller's own; the rules are quality.services' and survey_services', so the API and the pages
refuse the same things. These are records about organisations, not people: no read is audited against a person.
"""

from uuid import UUID

from django.http import Http404
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from linkwork.community.models import ConfidenceSurvey
from linkwork.community.quality import presenters, services, survey_services
from linkwork.community.quality.schemas import (
    AgreementIn,
    AgreementOut,
    AssessmentIn,
    AssessmentOut,
    CatchUpIn,
    CatchUpOut,
    ExceptionIn,
    ExceptionOut,
    LeadershipChangeIn,
    StandingOut,
    SurveyIn,
    SurveyOut,
    standing_out,
)
from linkwork.core.access import require_perm
from linkwork.core.api_schemas import REFUSALS
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.pagination import Paging
from linkwork.core.roles import Role
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

router = Router(tags=["quality assurance"])

VIEW = "community.view_quality_assurance"
RECORD = "community.record_quality_assurance"
ROUTE = "/organisations/{organisation_id}"
IdempotencyKey = Header(None, alias="Idempotency-Key", description="A retry with the same key gets the first answer")


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


def _provider(organisation_id: UUID, auditor: Auditor) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id, kind__in=PROVIDER_KINDS).first()
    if organisation is None:
        auditor.denied("organisation", object_id=organisation_id)
        raise Http404("no community organisation with that id")
    return organisation


@router.get(f"{ROUTE}/quality-assurance", response={200: StandingOut, **REFUSALS})
def get_standing(request, organisation_id: UUID):
    """Where the organisation stands with your PCN today: the agreement in force and its state, an exception in force,
    when catch-ups and the confidence survey were last held and fall due, and whether link workers may connect people
    to it."""
    auditor = _auditor(request)
    require_perm(request.user, VIEW, auditor, "read quality assurance")
    organisation = _provider(organisation_id, auditor)
    return standing_out(presenters.standing(organisation, request.user.organisation_id, timezone.localdate()))


@router.get(f"{ROUTE}/agreements", response={200: list[AgreementOut], **REFUSALS})
def list_agreements(request, organisation_id: UUID):
    """Your PCN's agreements to connect with the organisation, newest first; the first is the one in force."""
    auditor = _auditor(request)
    require_perm(request.user, VIEW, auditor, "read agreements to connect")
    organisation = _provider(organisation_id, auditor)
    return presenters.agreements_for(organisation.pk, request.user.organisation_id)


@router.post(f"{ROUTE}/agreements", response={201: AgreementOut, **REFUSALS})
def sign_agreement(request, organisation_id: UUID, payload: AgreementIn, idempotency_key: str | None = IdempotencyKey):
    """Record an agreement to connect between your PCN and the organisation, signed on both sides, after a prompt sheet
    worked through with it ended confident (or under a PCN manager's exception). Its review falls due a year after the
    later signature; it replaces any earlier agreement."""
    auditor = _auditor(request)
    require_perm(request.user, RECORD, auditor, "sign agreements to connect")
    organisation = _provider(organisation_id, auditor)
    data = payload.model_dump()
    assessment = None
    if data["assessment"] is not None:
        assessment = presenters.assessment_for(data["assessment"], organisation.pk, request.user.organisation_id)
        if assessment is None:
            raise RuleViolation.single(
                "assessment", "not_found", "no assessment with that id between your PCN and this organisation"
            )

    def create():
        agreement = services.sign_agreement(
            organisation, **{**data, "assessment": assessment}, user=request.user, auditor=auditor
        )
        return 201, AgreementOut.from_orm(agreement)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


@router.post(f"{ROUTE}/leadership-change", response={200: AgreementOut, **REFUSALS})
def leadership_change(
    request, organisation_id: UUID, payload: LeadershipChangeIn, idempotency_key: str | None = IdempotencyKey
):
    """Record a significant change of the organisation's leadership: the agreement in force lapses ("overdue") until a
    new one is signed or a PCN manager records an exception. Answers the agreement it lapsed; 422 if there is none or
    a change is already waiting for a review."""
    auditor = _auditor(request)
    require_perm(request.user, RECORD, auditor, "record a change of leadership")
    organisation = _provider(organisation_id, auditor)

    def change():
        agreement = services.record_leadership_change(
            organisation, changed_on=payload.changed_on, user=request.user, auditor=auditor
        )
        return 200, AgreementOut.from_orm(agreement)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), change)


@router.get(f"{ROUTE}/assessments", response={200: list[AssessmentOut], **REFUSALS})
@paginate(Paging)
def list_assessments(request, organisation_id: UUID):
    """The prompt sheets your PCN worked through with the organisation, newest first."""
    auditor = _auditor(request)
    require_perm(request.user, VIEW, auditor, "read prompt sheets")
    organisation = _provider(organisation_id, auditor)
    return presenters.assessments_for(organisation.pk, request.user.organisation_id)


@router.post(f"{ROUTE}/assessments", response={201: AssessmentOut, **REFUSALS})
def record_assessment(
    request, organisation_id: UUID, payload: AssessmentIn, idempotency_key: str | None = IdempotencyKey
):
    """Keep a prompt sheet worked through with the organisation: every document on the sheet received or not, notes
    and evidence per check, the actions agreed (required when not confident) and whether you are confident to connect
    people to it."""
    auditor = _auditor(request)
    require_perm(request.user, RECORD, auditor, "record prompt sheets")
    organisation = _provider(organisation_id, auditor)
    data = payload.model_dump()
    data["assessed_on"] = data["assessed_on"] or timezone.localdate()

    def create():
        assessment = services.record_assessment(organisation, **data, user=request.user, auditor=auditor)
        return 201, AssessmentOut.from_orm(assessment)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


@router.post(f"{ROUTE}/catch-ups", response={201: CatchUpOut, **REFUSALS})
def record_catch_up(request, organisation_id: UUID, payload: CatchUpIn, idempotency_key: str | None = IdempotencyKey):
    """Record a catch-up with the organisation (at least every six months)."""
    auditor = _auditor(request)
    require_perm(request.user, RECORD, auditor, "record catch-ups")
    organisation = _provider(organisation_id, auditor)

    def create():
        catch_up = services.record_catch_up(organisation, **payload.model_dump(), user=request.user, auditor=auditor)
        return 201, CatchUpOut.from_orm(catch_up)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


@router.post(f"{ROUTE}/exceptions", response={201: ExceptionOut, **REFUSALS})
def record_exception(
    request, organisation_id: UUID, payload: ExceptionIn, idempotency_key: str | None = IdempotencyKey
):
    """PCN managers: let link workers connect people to the organisation without a current agreement, for a reason,
    from today and until `expires_on` if given. Kept with your name and today's date."""
    auditor = _auditor(request)
    require_perm(request.user, "community.grant_agreement_exception", auditor, "allow connections without an agreement")
    organisation = _provider(organisation_id, auditor)

    def create():
        exception = services.record_exception(organisation, **payload.model_dump(), user=request.user, auditor=auditor)
        return 201, ExceptionOut.from_orm(exception)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


@router.post(f"{ROUTE}/confidence-surveys", response={201: SurveyOut, **REFUSALS})
def record_confidence_survey(
    request, organisation_id: UUID, payload: SurveyIn, idempotency_key: str | None = IdempotencyKey
):
    """The organisation's answers to the six-question confidence survey. A VCSE partner answers for their own
    organisation (`via` "web"; another organisation is 404); a link worker or PCN manager enters the answers an
    organisation gave by phone (`via` "phone")."""
    auditor = _auditor(request)
    user = request.user
    if user.role == Role.VCSE_PARTNER:
        require_perm(user, "community.answer_confidence_survey", auditor, "answer the confidence survey")
        if organisation_id != user.organisation_id:
            auditor.denied("organisation", object_id=organisation_id)
            raise Http404("a VCSE partner answers only for their own organisation")
        via = ConfidenceSurvey.Via.WEB
    else:
        require_perm(user, "community.take_confidence_survey", auditor, "enter confidence survey answers")
        via = ConfidenceSurvey.Via.PHONE
    organisation = _provider(organisation_id, auditor)
    answers = payload.model_dump(exclude={"answered_on"})

    def create():
        survey = survey_services.record_confidence_survey(
            organisation, answers, via=via, answered_on=payload.answered_on, user=user, auditor=auditor
        )
        return 201, SurveyOut.from_orm(survey)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)
