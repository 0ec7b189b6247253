from datetime import date
from typing import Any
from uuid import UUID

from ninja import Header, Router, Schema
from pydantic import Field

from linkwork.core.access import get_in_scope, require_perm
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.measures.models import MeasureResponse
from linkwork.measures.presenters import ResponseView, with_changes
from linkwork.measures.services import MeasureDetails, record_measure
from linkwork.people.models import Person
from linkwork.referrals.models import Referral

router = Router(tags=["measures"])

Answer = int | float | bool | str | None


class MeasureIn(Schema):
    instrument: str = Field(
        description="ons4, swemwbs, pam, wellbeing_star, satisfaction, employability, "
        "service_use, or a scheme's own key"
    )
    taken_on: date
    answers: list[Answer] | dict[str, Answer] | None = Field(
        None, description="A list in the definition's item order, or an object keyed by item id"
    )
    score: float | None = Field(None, description="Licensed scores (PAM): the score from the licensed tool")
    licence_reference: str = ""
    not_suitable_reason: str = Field(
        "", description="Licensed scores (PAM): why it was not suitable, instead of a score"
    )
    support_taken_up: bool | None = Field(
        None,
        description="PAM: whether the person has taken up the support they were connected to; needed (true) for a "
        "reassessment sooner than 6 months after the last (422 support_taken_up: pam_early_reassessment)",
    )


class MeasureOut(Schema):
    id: UUID
    referral: UUID
    person: UUID
    instrument: str
    instrument_version: int
    instrument_name: str
    taken_on: date
    answers: dict[str, Any]
    results: dict[str, Any]
    licence_reference: str
    not_suitable_reason: str
    support_taken_up: bool | None
    is_baseline: bool
    change_from_baseline: dict[str, Any] | None


def _out(view: ResponseView) -> MeasureOut:
    r = view.response
    return MeasureOut(
        id=r.pk,
        referral=r.referral_id,
        person=r.person_id,
        instrument=r.instrument,
        instrument_version=r.instrument_version,
        instrument_name=view.definition.name if view.definition else r.instrument,
        taken_on=r.taken_on,
        answers=r.answers,
        results=r.results,
        licence_reference=r.licence_reference,
        not_suitable_reason=r.not_suitable_reason,
        support_taken_up=r.support_taken_up,
        is_baseline=view.is_baseline,
        change_from_baseline=view.change,
    )


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


@router.post("/referrals/{referral_id}/measures", response={201: MeasureOut})
def create_measure(
    request, referral_id: UUID, payload: MeasureIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
):
    """Record a measure in an episode; answers out of range or missing are refused (422) naming the item. PAM only
    where the episode's PCN holds a PAM licence (`instrument`: pam_licence); the satisfaction survey only once part two
    of the person's plan records that they are willing (`instrument`: satisfaction_not_agreed)."""
    auditor = _auditor(request)
    require_perm(request.user, "measures.record_measure", auditor, "record measures")
    referral = get_in_scope(Referral.objects.for_user(request.user), referral_id, auditor, "referral")

    def create():
        response = record_measure(referral, MeasureDetails(**payload.model_dump()), user=request.user, auditor=auditor)
        episode = MeasureResponse.objects.for_user(request.user).filter(
            referral_id=referral.pk, instrument=response.instrument
        )
        view = next(v for v in with_changes(episode) if v.response.pk == response.pk)
        return 201, _out(view)

    return idempotent(request, idempotency_key, payload.model_dump(), create)


@router.get("/people/{person_id}/measures", response=list[MeasureOut])
def list_measures(request, person_id: UUID):
    """The person's responses in the episodes the caller may see, oldest first, each with its change from the
    episode's baseline for that instrument."""
    auditor = _auditor(request)
    person = get_in_scope(Person.objects.for_user(request.user), person_id, auditor, "person")
    responses = MeasureResponse.objects.for_user(request.user).filter(person=person)
    views = with_changes(responses)
    auditor.viewed("measures", person.pk, person_id=person.pk, detail={"count": len(views)})
    return [_out(v) for v in views]
