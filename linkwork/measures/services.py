"""Recording a wellbeing or outcome measure in a referral episode.

Every rule is checked before anything is written and the write is one transaction (ADR 0004): a bad
answer stores nothing, and the refusal names the item (`answers.anxiety`) and the rule (`range`). An
instrument must be offered in the episode (policy.offers: PAM under the PCN's licence, the satisfaction survey
after the person agreed in part two of their plan), and a reassessment must keep its interval (policy.reassessment).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector, RuleViolation
from linkwork.core.roles import CASELOAD_ROLES
from linkwork.measures.definitions import AFTER, LICENSED_SCORE, SERVICE_USE, Definition
from linkwork.measures.instruments import registry
from linkwork.measures.licences import LICENSED_PER_PCN, licensed_for_pcn_id
from linkwork.measures.models import MeasureResponse
from linkwork.measures.policy.offers import NO_LICENCE, NOT_AGREED, offer_refusal
from linkwork.measures.policy.reassessment import TOO_SOON, check_reassessment
from linkwork.measures.policy.scoring import LicensedAnswer, answers_by_item, check_licensed, counting_window, score
from linkwork.plans.part_two import permission_answer
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import Referral


@dataclass(frozen=True)
class MeasureDetails:
    """What was asked and answered. `answers` is a list in the definition's item order or a mapping by item
    id; a licensed score (PAM) comes as `score` with `licence_reference`, or as `not_suitable_reason`."""

    instrument: str
    taken_on: date | None
    answers: Mapping[str, Any] | Sequence[Any] | None = None
    score: Any = None
    licence_reference: str = ""
    not_suitable_reason: str = ""
    # A reassessment sooner than the usual interval (PAM: six months): has the person taken up the support?
    support_taken_up: bool | None = None


def _check_taken_on(taken_on: date | None, referral: Referral, errors: ErrorCollector) -> None:
    if taken_on is None:
        errors.add("taken_on", "required", "enter the date the measure was taken")
    elif taken_on > timezone.localdate():
        errors.add("taken_on", "not_in_future", "the date taken must be today or in the past")
    elif taken_on < referral.received_on:
        errors.add(
            "taken_on",
            "after_referral",
            f"the date taken cannot be before the referral was received ({referral.received_on:%-d %B %Y})",
        )


def _check_licensed(definition: Definition, details: MeasureDetails, errors: ErrorCollector) -> LicensedAnswer:
    given = details.score
    extra = dict(details.answers) if isinstance(details.answers, Mapping) else {}
    if given is None and "score" in extra:
        given = extra.pop("score")
    for key in extra:
        errors.add(f"answers.{key}", "unknown_item", f"{definition.short_name} records a score, not answers to items")
    if details.answers is not None and not isinstance(details.answers, Mapping):
        errors.add("answers", "type", f"{definition.short_name} records a score, not a list of answers")
    licensed, found = check_licensed(definition, given, details.licence_reference, details.not_suitable_reason)
    errors.errors.extend(found)
    return licensed


def _check_not_licensed(definition: Definition, details: MeasureDetails, errors: ErrorCollector) -> None:
    name = definition.short_name
    if details.score is not None:
        errors.add("score", "not_applicable", f"{name} is answered item by item; it takes no score")
    if details.not_suitable_reason:
        errors.add("not_suitable_reason", "not_applicable", f"{name} has no 'not suitable' reasons")
    if details.licence_reference and definition.licence_reference == "none":
        errors.add("licence_reference", "not_applicable", f"{name} is not licensed per use; leave this empty")
    if len(details.licence_reference) > 100:
        errors.add("licence_reference", "max_length", "the licence reference must be 100 characters or fewer")


def _check_offered(definition: Definition, referral: Referral, errors: ErrorCollector) -> None:
    """Seed 003 Appendix 6 (PAM under the PCN's licence) and Appendix 4 item 10 (the satisfaction survey once the
    person agreed): policy.offers."""
    question = definition.needs_plan_agreement
    refusal = offer_refusal(
        definition.key,
        licensed_per_pcn=set(LICENSED_PER_PCN),
        licensed=licensed_for_pcn_id(referral.pcn_id) if definition.key in LICENSED_PER_PCN else frozenset(),
        needs_agreement=question,
        plan_answer=permission_answer(referral, question) if question else None,
    )
    name = definition.short_name
    if refusal == NO_LICENCE:
        errors.add(
            "instrument",
            f"{definition.key}_{NO_LICENCE}",
            f"the PCN holding this episode has no {name} licence, so {name} is not offered or recorded",
        )
    elif refusal == NOT_AGREED:
        errors.add(
            "instrument",
            f"{definition.key}_{NOT_AGREED}",
            f"ask the {name.lower()} survey only once part two of the person's care and support plan records that "
            "they are willing to complete it",
        )


def _check_interval(
    definition: Definition, referral: Referral, details: MeasureDetails, taken_on: date, errors: ErrorCollector
) -> None:
    """Seed 003 Appendix 6: a PAM reassessment every six months; sooner only once the person has taken up the
    support, and never sooner than three months (policy.reassessment)."""
    months = definition.min_interval_months
    if months is None:
        return
    others = MeasureResponse.objects.filter(
        referral=referral, instrument=definition.key, not_suitable_reason=""
    ).values_list("taken_on", flat=True)
    refusal = check_reassessment(
        taken_on,
        others,
        min_months=months,
        usual_months=definition.reassessment_months,
        support_taken_up=details.support_taken_up,
    )
    if refusal is None:
        return
    name = definition.short_name
    if refusal.rule == TOO_SOON:
        errors.add(
            "taken_on",
            f"{definition.key}_min_interval",
            f"a {name} reassessment cannot be sooner than {months} months after another in this episode (one was "
            f"taken on {refusal.other:%-d %B %Y}; the earliest next date is {refusal.earliest:%-d %B %Y})",
        )
    else:
        errors.add(
            "support_taken_up",
            f"{definition.key}_early_reassessment",
            f"a {name} reassessment sooner than {definition.reassessment_months} months after the last one "
            f"({refusal.other:%-d %B %Y}) is only for a person who has taken up the support they were connected to; "
            f"say so, or take it from {refusal.earliest:%-d %B %Y}",
        )


def _check_support_taken_up(definition: Definition, details: MeasureDetails, errors: ErrorCollector) -> None:
    if details.support_taken_up is not None and definition.reassessment_months is None:
        errors.add(
            "support_taken_up",
            "not_applicable",
            f"{definition.short_name} has no early reassessment; leave out whether support was taken up",
        )


@transaction.atomic
def record_measure(referral: Referral, details: MeasureDetails, *, user: User, auditor: Auditor) -> MeasureResponse:
    """Check, score and store one measure in an episode the caller has already scoped (for_user)."""
    if user.role not in CASELOAD_ROLES:
        raise RuleViolation.single(
            "practitioner", "role", "only link workers, coaches and care coordinators record measures"
        )
    # Locked so two reassessments recorded at once cannot both pass the interval rule.
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    errors = ErrorCollector()
    definitions = registry()
    definition = definitions.current(details.instrument) if details.instrument else None
    if not details.instrument:
        errors.add("instrument", "required", "choose which measure was taken")
    elif definition is None:
        errors.add("instrument", "choice", f"instrument must be one of {', '.join(definitions.instrument_keys())}")
    _check_taken_on(details.taken_on, referral, errors)
    if referral.status == episode_policy.DECLINED_STATUS:
        errors.add("referral", "episode_declined", "the person declined support in this episode")
    if definition is None:
        errors.raise_if_any()
    assert definition is not None
    _check_offered(definition, referral, errors)
    _check_support_taken_up(definition, details, errors)

    licensed: LicensedAnswer | None = None
    answers: dict[str, Any] = {}
    if definition.kind == LICENSED_SCORE:
        licensed = _check_licensed(definition, details, errors)
        if licensed.score is not None:
            answers = {"score": float(licensed.score)}
    else:
        _check_not_licensed(definition, details, errors)
        answers, found = answers_by_item(definition, details.answers)
        errors.errors.extend(found)
    if not errors.errors:
        assert details.taken_on is not None  # checked above
        if licensed is None or licensed.score is not None:
            _check_interval(definition, referral, details, details.taken_on, errors)
        if definition.kind == SERVICE_USE and answers.get("period") == AFTER:
            _, window_to = counting_window(definition, AFTER, referral.received_on)
            if details.taken_on < window_to:
                errors.add(
                    "taken_on",
                    "window_not_ended",
                    f"the {definition.window_months} months after the referral end on {window_to:%-d %B %Y}; "
                    "record the counts after that",
                )
    errors.raise_if_any()
    assert details.taken_on is not None

    response = MeasureResponse.objects.create(
        referral=referral,
        person_id=referral.person_id,
        instrument=definition.key,
        instrument_version=definition.version,
        taken_on=details.taken_on,
        answers=answers,
        results=score(definition, answers, licensed=licensed, received_on=referral.received_on),
        licence_reference=(licensed.licence_reference if licensed else details.licence_reference.strip()),
        not_suitable_reason=licensed.not_suitable_reason if licensed else "",
        support_taken_up=details.support_taken_up,
        created_by=auditor.actor,
    )
    auditor.created(
        "measure_response",
        response.pk,
        person_id=referral.person_id,
        detail={"instrument": definition.key, "version": definition.version, "referral": str(referral.pk)},
    )
    return response
