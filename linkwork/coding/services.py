"""Writes to coding events: raising a code from a contact, and practice staff marking it entered."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from linkwork.coding.catalogue import catalogue
from linkwork.coding.models import CodingEvent, CodingStatus
from linkwork.coding.policy import ContactFacts, code_for_contact
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation


def code_the_contact(sender, *, contact, auditor: Auditor, **kwargs) -> None:
    """The receiver of referrals' `contact_recorded` (connected in CodingConfig.ready): every contact recorded, by
    any path, is coded inside the transaction that stores it."""
    raise_coding_event(contact, auditor=auditor)


def raise_coding_event(contact, *, auditor: Auditor) -> CodingEvent | None:
    """Apply the coding rules to a newly recorded contact; if it earns a code, put it on the practice's worklist."""
    referral = contact.referral
    already = list(CodingEvent.objects.filter(referral=referral).values_list("code", flat=True))
    contact_date = timezone.localdate(contact.occurred_at)
    facts = ContactFacts(
        outcome=contact.outcome,
        practitioner_role=contact.practitioner_role,
        purpose=contact.purpose,
        occurred_on=contact_date,
    )
    code = code_for_contact(facts, already)
    if code is None:
        return None
    event = CodingEvent.objects.create(
        referral=referral,
        contact=contact,
        person=referral.person,
        practice=referral.person.gp_practice,
        code=code.id,
        term=code.term,
        contact_date=contact_date,
        due_by=contact_date + timedelta(days=catalogue().due_within_days),
        created_by=auditor.actor,
    )
    auditor.created("coding_event", event.pk, person_id=referral.person_id, detail={"code": code.id})
    return event


def code_raised_by(contact) -> CodingEvent | None:
    """The code a contact put on the worklist, if it earned one."""
    return CodingEvent.objects.filter(contact=contact).first()


@transaction.atomic
def mark_entered(events, *, user, auditor: Auditor) -> int:
    """Record that practice staff entered these codes in the GP record (who, when). Returns how many changed."""
    events = list(events.select_for_update().filter(status=CodingStatus.PENDING))
    if not events:
        raise RuleViolation.single("items", "pending", "choose at least one code that is still to be entered")
    now = timezone.now()
    for event in events:
        event.status = CodingStatus.ENTERED
        event.entered_by = user
        event.entered_at = now
        event.updated_at = now
    CodingEvent.objects.bulk_update(events, ["status", "entered_by", "entered_at", "updated_at"])
    for event in events:
        auditor.updated("coding_event", event.pk, person_id=event.person_id, detail={"status": "entered"})
    return len(events)
