"""Writes to referral episodes: receiving a referral, recording contacts, discharging, reassigning.

Each function checks every rule before writing and writes inside one transaction, so bad input stores
nothing and a failure half-way stores nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector, RuleViolation
from linkwork.core.roles import CASELOAD_ROLES
from linkwork.organisations.models import Organisation
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails, practices_within_reach, register_person
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import (
    Contact,
    ContactOutcome,
    Referral,
    ReferralCriterion,
    ReferralReason,
    ReferralStatusChange,
    Urgency,
)
from linkwork.referrals.signals import contact_recorded
from linkwork.referrals.vocabularies import (
    CONTACT_MODES,
    CONTACT_PURPOSES,
    DISCHARGE_REASONS,
    REFERRAL_CRITERIA,
    REFERRAL_REASONS,
    REFERRER_TYPES,
)

MAX_CONTACT_MINUTES = 600
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class ReferralDetails:
    received_on: date | None
    referrer_type: str
    reasons: Sequence[str]
    criteria: Sequence[str] = ()
    referrer_detail: str = ""
    urgency: str = Urgency.ROUTINE
    context: str = ""


@dataclass(frozen=True)
class ContactDetails:
    occurred_at: datetime | None
    mode: str
    duration_minutes: int | None
    reached: bool | None  # None: implied by the outcome where it can be (policy.reached_from)
    outcome: str
    purpose: str = "social_prescribing"
    note: str = ""


@dataclass
class ReceivedReferral:
    referral: Referral
    person_created: bool = False
    warnings: list[str] = field(default_factory=list)


def _validate_referral(details: ReferralDetails, person_birth_date: date | None, errors: ErrorCollector) -> None:
    today = timezone.localdate()
    if details.received_on is None:
        errors.add("received_on", "required", "enter the date the referral was received")
    elif details.received_on > today:
        errors.add("received_on", "not_in_future", "the date received must be today or in the past")
    elif person_birth_date and details.received_on < person_birth_date:
        errors.add("received_on", "after_birth", "the date received cannot be before the person's date of birth")
    if not details.referrer_type:
        errors.add("referrer_type", "required", "choose who referred the person")
    elif details.referrer_type not in REFERRER_TYPES:
        errors.add("referrer_type", "choice", f"referrer_type must be one of {', '.join(REFERRER_TYPES.keys())}")
    elif (
        REFERRER_TYPES.term(details.referrer_type).extra.get("detail_required") and not details.referrer_detail.strip()
    ):
        errors.add("referrer_detail", "required", "say who referred the person")
    if len(details.referrer_detail) > 200:
        errors.add("referrer_detail", "max_length", "who referred must be 200 characters or fewer")
    if not details.reasons:
        errors.add("reasons", "required", "choose at least one reason for referral")
    for reason in details.reasons:
        if reason not in REFERRAL_REASONS:
            errors.add(
                "reasons", "choice", f"{reason!r} is not a reason; use one of {', '.join(REFERRAL_REASONS.keys())}"
            )
    for criterion in details.criteria:
        if criterion not in REFERRAL_CRITERIA:
            errors.add(
                "criteria",
                "choice",
                f"{criterion!r} is not a criterion; use one of {', '.join(REFERRAL_CRITERIA.keys())}",
            )
    if details.urgency not in Urgency.values:
        errors.add("urgency", "choice", f"urgency must be one of {', '.join(Urgency.values)}")
    if len(details.context) > 5000:
        errors.add("context", "max_length", "context must be 5,000 characters or fewer")


def _change_status(referral: Referral, to_status: str, reason: str, auditor: Auditor) -> None:
    ReferralStatusChange.objects.create(
        referral=referral, from_status=referral.status, to_status=to_status, reason=reason, created_by=auditor.actor
    )
    referral.status = to_status


def start_episode(
    person: Person,
    details: ReferralDetails,
    *,
    practice: Organisation,
    referred_by: User | None,
    assigned_to: User | None,
    auditor: Auditor,
    audit_detail: dict | None = None,
) -> Referral:
    """Write a checked referral: the episode in the practice's PCN with its reasons, criteria, first status
    and audit row. Callers have checked every rule (receive_referral; self_referral for the public form)."""
    assert details.received_on is not None and practice.parent_id is not None
    referral = Referral.objects.create(
        person=person,
        pcn_id=practice.parent_id,
        practice=practice,
        received_on=details.received_on,
        referrer_type=details.referrer_type,
        referrer_detail=details.referrer_detail.strip(),
        referred_by=referred_by,
        urgency=details.urgency,
        context=details.context.strip(),
        assigned_to=assigned_to,
        created_by=auditor.actor,
    )
    ReferralReason.objects.bulk_create(
        ReferralReason(referral=referral, reason=r, created_by=auditor.actor) for r in dict.fromkeys(details.reasons)
    )
    ReferralCriterion.objects.bulk_create(
        ReferralCriterion(referral=referral, criterion=c, created_by=auditor.actor)
        for c in dict.fromkeys(details.criteria)
    )
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status="",
        to_status=referral.status,
        reason="referral received",
        created_by=auditor.actor,
    )
    auditor.created(
        "referral",
        referral.pk,
        person_id=person.pk,
        detail={"referrer_type": details.referrer_type, **(audit_detail or {})},
    )
    return referral


@transaction.atomic
def receive_referral(
    details: ReferralDetails,
    *,
    user: User,
    auditor: Auditor,
    person: Person | None = None,
    person_details: PersonDetails | None = None,
) -> ReceivedReferral:
    """Start an episode for an existing person (already scoped by the caller) or for someone described in
    `person_details`, who is found by NHS number or registered."""
    errors = ErrorCollector()
    birth_date = person.birth_date if person is not None else (person_details.birth_date if person_details else None)
    _validate_referral(details, birth_date, errors)
    person_created = False
    if person is None:
        if person_details is None:
            raise RuleViolation.single("person", "required", "say who is being referred")
        try:
            person, person_created = register_person(
                person_details, practices=practices_within_reach(user), auditor=auditor, prefix="person."
            )
        except RuleViolation as exc:
            errors.errors.extend(exc.errors)
    errors.raise_if_any()
    assert person is not None and details.received_on is not None  # checked above
    pcn_id = person.pcn_id
    warnings = []
    if Referral.objects.filter(person=person, pcn_id=pcn_id).open().exists():
        warnings.append("This person already has an open referral with your PCN.")
    referral = start_episode(
        person,
        details,
        practice=person.gp_practice,
        referred_by=user,
        assigned_to=user if user.role in CASELOAD_ROLES else None,
        auditor=auditor,
    )
    return ReceivedReferral(referral=referral, person_created=person_created, warnings=warnings)


def _validate_contact(details: ContactDetails, referral: Referral, errors: ErrorCollector) -> None:
    if details.occurred_at is None:
        errors.add("occurred_at", "required", "enter when the contact happened")
    else:
        if timezone.is_naive(details.occurred_at):
            errors.add("occurred_at", "timezone", "give the time with its UTC offset, e.g. 2026-11-02T10:30:00Z")
        elif details.occurred_at > timezone.now() + CLOCK_SKEW:
            errors.add("occurred_at", "not_in_future", "the contact must be now or in the past")
        elif timezone.localdate(details.occurred_at) < referral.received_on:
            errors.add(
                "occurred_at",
                "after_referral",
                f"the contact cannot be before the referral was received ({referral.received_on:%-d %B %Y})",
            )
    if not details.mode:
        errors.add("mode", "required", "choose how the contact happened")
    elif details.mode not in CONTACT_MODES:
        errors.add("mode", "choice", f"mode must be one of {', '.join(CONTACT_MODES.keys())}")
    if details.duration_minutes is None:
        errors.add("duration_minutes", "required", "enter how long the contact took, in minutes")
    elif not 0 <= details.duration_minutes <= MAX_CONTACT_MINUTES:
        errors.add("duration_minutes", "range", f"duration must be between 0 and {MAX_CONTACT_MINUTES} minutes")
    if not details.outcome:
        errors.add("outcome", "required", "choose the outcome of the conversation")
    elif details.outcome not in ContactOutcome.values:
        errors.add("outcome", "choice", f"outcome must be one of {', '.join(ContactOutcome.values)}")
    elif details.reached is None and episode_policy.reached_from(details.outcome, None) is None:
        errors.add("reached", "required", "say whether you reached the person")
    if details.purpose not in CONTACT_PURPOSES:
        errors.add("purpose", "choice", f"purpose must be one of {', '.join(CONTACT_PURPOSES.keys())}")
    if len(details.note) > 5000:
        errors.add("note", "max_length", "the note must be 5,000 characters or fewer")


@transaction.atomic
def record_contact(referral: Referral, details: ContactDetails, *, user: User, auditor: Auditor):
    """Record a contact and move the episode on; the contexts that act on contacts hear of it in the same
    transaction (signals.contact_recorded: coding raises the code the contact earns, if any)."""
    if user.role not in CASELOAD_ROLES:
        raise RuleViolation.single(
            "practitioner", "role", "only link workers, coaches and care coordinators record contacts"
        )
    referral = Referral.objects.select_for_update().select_related("person__gp_practice").get(pk=referral.pk)
    errors = ErrorCollector()
    _validate_contact(details, referral, errors)
    new_status = referral.status
    reached = bool(episode_policy.reached_from(details.outcome, details.reached))
    if not errors.errors:
        try:
            new_status = episode_policy.status_after_contact(referral.status, details.outcome, reached)
        except episode_policy.TransitionRefused as refused:
            errors.add("outcome" if refused.rule != "reached" else "reached", refused.rule, refused.message)
    errors.raise_if_any()
    assert details.occurred_at is not None and details.duration_minutes is not None  # checked above

    contact = Contact.objects.create(
        referral=referral,
        occurred_at=details.occurred_at,
        mode=details.mode,
        duration_minutes=details.duration_minutes,
        reached=reached,
        outcome=details.outcome,
        purpose=details.purpose,
        practitioner=user,
        practitioner_role=user.role,
        note=details.note.strip(),
        created_by=auditor.actor,
    )
    changed = ["updated_at"]
    if reached and referral.first_contact_at is None:
        referral.first_contact_at = details.occurred_at
        changed.append("first_contact_at")
    if new_status != referral.status:
        _change_status(referral, new_status, f"contact outcome: {details.outcome}", auditor)
        changed.append("status")
        if new_status == episode_policy.ACTIVE:
            referral.accepted_on = timezone.localdate(details.occurred_at)
            changed.append("accepted_on")
        if new_status in episode_policy.CLOSED_STATUSES:
            referral.closed_on = timezone.localdate(details.occurred_at)
            changed.append("closed_on")
    if referral.assigned_to_id is None:
        referral.assigned_to = user
        changed.append("assigned_to")
    referral.save(update_fields=changed)
    auditor.created("contact", contact.pk, person_id=referral.person_id, detail={"outcome": details.outcome})
    contact_recorded.send(sender=Contact, contact=contact, auditor=auditor)
    return contact


@transaction.atomic
def discharge(referral: Referral, *, discharged_on: date | None, reason: str, note: str, user: User, auditor: Auditor):
    """Close an episode (goals met, unable to contact, referred back, ...)."""
    if user.role not in CASELOAD_ROLES:
        raise RuleViolation.single("practitioner", "role", "only link workers, coaches and care coordinators discharge")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    errors = ErrorCollector()
    if discharged_on is None:
        errors.add("discharged_on", "required", "enter the date of discharge")
    elif discharged_on > timezone.localdate():
        errors.add("discharged_on", "not_in_future", "the date of discharge must be today or in the past")
    elif discharged_on < referral.received_on:
        errors.add(
            "discharged_on", "after_referral", "the date of discharge cannot be before the referral was received"
        )
    if not reason:
        errors.add("reason", "required", "choose why the person was discharged")
    elif reason not in DISCHARGE_REASONS:
        errors.add("reason", "choice", f"reason must be one of {', '.join(DISCHARGE_REASONS.keys())}")
    elif reason == "other" and not note.strip():
        errors.add("note", "required", "say why the person was discharged")
    try:
        new_status = episode_policy.status_after_discharge(referral.status)
    except episode_policy.TransitionRefused as refused:
        errors.add("status", refused.rule, refused.message)
    errors.raise_if_any()
    _change_status(referral, new_status, f"discharged: {reason}", auditor)
    referral.closed_on = discharged_on
    referral.discharge_reason = reason
    referral.discharge_note = note.strip()
    referral.save(update_fields=["status", "closed_on", "discharge_reason", "discharge_note", "updated_at"])
    auditor.updated("referral", referral.pk, person_id=referral.person_id, detail={"discharged": reason})
    return referral


def caseload_holders(pcn_id) -> QuerySet[User]:
    return User.objects.filter(organisation_id=pcn_id, role__in=CASELOAD_ROLES, is_active=True)


@transaction.atomic
def reassign(referrals, *, to_user_id, user: User, auditor: Auditor) -> int:
    """Move open episodes to another practitioner in the same PCN (cover during absence). Returns how many moved."""
    target = caseload_holders(user.organisation_id).filter(pk=to_user_id).first()
    if target is None:
        raise RuleViolation.single(
            "to", "caseload_holder", "choose a link worker, coach or care coordinator in your PCN"
        )
    moving = list(referrals.open().select_for_update().values_list("pk", "person_id", "assigned_to_id"))
    if not moving:
        raise RuleViolation.single("referrals", "open", "choose at least one open referral to reassign")
    Referral.objects.filter(pk__in=[pk for pk, _, _ in moving]).update(assigned_to=target, updated_at=timezone.now())
    for pk, person_id, from_id in moving:
        auditor.updated(
            "referral",
            pk,
            person_id=person_id,
            detail={"assigned_from": str(from_id or ""), "assigned_to": str(target.pk)},
        )
    return len(moving)
