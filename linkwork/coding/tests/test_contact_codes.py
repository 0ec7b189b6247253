"""Every contact recorded through the referrals service is coded in the same transaction (coding subscribes to
referrals' contact_recorded, ADR 0008): which code, when it is due, and what is never coded (seed 000)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from linkwork.coding.models import CodingEvent
from linkwork.coding.services import code_raised_by
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.referrals import services
from linkwork.referrals.models import Contact
from linkwork.referrals.tests.test_services import contact_details, receive

LONDON = ZoneInfo("Europe/London")


def test_accepting_contact_activates_the_episode_and_raises_the_referral_code(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    contact = services.record_contact(referral, contact_details(), user=user, auditor=Auditor(user))
    event = code_raised_by(contact)
    referral.refresh_from_db()
    assert referral.status == "active" and referral.accepted_on == date(2026, 11, 3)
    assert referral.first_contact_at == contact.occurred_at
    assert event.code == "871731000000106" and event.term == "Referral to social prescribing service (procedure)"
    assert event.contact_date == date(2026, 11, 3) and event.due_by == date(2026, 11, 10)
    assert event.practice == world.practice and event.status == "pending"
    assert contact.practitioner_role == "link_worker"
    assert AuditLog.objects.filter(what="coding_event", action="create", person_id=referral.person_id).count() == 1


def test_contact_date_for_coding_is_the_local_date(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    # 00:30 on 3 Nov in London is still 3 Nov; in UTC it is 2 Nov 00:30 (GMT) - and in summer it differs.
    event = code_raised_by(
        services.record_contact(
            referral, contact_details(at=datetime(2026, 11, 3, 0, 30, tzinfo=LONDON)), user=user, auditor=Auditor(user)
        )
    )
    assert event.contact_date == date(2026, 11, 3)


def test_follow_ups_and_no_responses_are_not_coded(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    none1 = code_raised_by(
        services.record_contact(referral, contact_details("no_response"), user=user, auditor=Auditor(user))
    )
    services.record_contact(referral, contact_details("accepted"), user=user, auditor=Auditor(user))
    none2 = code_raised_by(
        services.record_contact(referral, contact_details("follow_up"), user=user, auditor=Auditor(user))
    )
    assert none1 is None and none2 is None
    assert CodingEvent.objects.filter(referral=referral).count() == 1


def test_decline_closes_the_episode_with_the_declined_code(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    event = code_raised_by(
        services.record_contact(referral, contact_details("declined"), user=user, auditor=Auditor(user))
    )
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.closed_on == date(2026, 11, 3)
    assert event.code == "871711000000103"


@pytest.mark.parametrize("role", ["health_and_wellbeing_coach", "care_coordinator"])
def test_coach_and_coordinator_contacts_move_the_episode_but_are_not_coded(world, role):
    user = world.user(role)
    referral = receive(world, user=user).referral
    event = code_raised_by(services.record_contact(referral, contact_details(), user=user, auditor=Auditor(user)))
    referral.refresh_from_db()
    assert referral.status == "active" and event is None
    assert not CodingEvent.objects.exists()


def test_second_acceptance_is_refused_and_nothing_is_stored(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    services.record_contact(referral, contact_details(), user=user, auditor=Auditor(user))
    with pytest.raises(RuleViolation) as exc:
        services.record_contact(referral, contact_details(), user=user, auditor=Auditor(user))
    assert exc.value.errors[0].rule == "once_per_episode"
    assert Contact.objects.count() == 1 and CodingEvent.objects.count() == 1


def test_discharge_closes_and_a_new_episode_is_coded_again(world):
    user = world.user("link_worker")
    auditor = Auditor(user)
    first = receive(world).referral
    services.record_contact(first, contact_details(), user=user, auditor=auditor)
    services.discharge(first, discharged_on=date(2026, 11, 4), reason="goals_met", note="", user=user, auditor=auditor)
    first.refresh_from_db()
    assert (
        first.status == "discharged" and first.closed_on == date(2026, 11, 4) and first.discharge_reason == "goals_met"
    )
    assert list(first.status_changes.values_list("from_status", "to_status")) == [
        ("", "waiting"),
        ("waiting", "active"),
        ("active", "discharged"),
    ]
    with pytest.raises(RuleViolation) as exc:
        services.record_contact(first, contact_details("follow_up"), user=user, auditor=auditor)
    assert exc.value.errors[0].rule == "episode_closed"
    second = receive(world).referral
    event = code_raised_by(
        services.record_contact(
            second, contact_details(at=datetime(2026, 11, 5, 9, tzinfo=LONDON)), user=user, auditor=auditor
        )
    )
    assert event.code == "871731000000106"
    assert CodingEvent.objects.filter(person=first.person, code="871731000000106").count() == 2


def test_a_contact_is_never_stored_without_its_code(world, monkeypatch):
    """The code is raised inside the transaction that stores the contact: if coding fails, nothing is stored."""

    def broken(contact, *, auditor):
        raise RuntimeError("coding failed")

    monkeypatch.setattr("linkwork.coding.services.raise_coding_event", broken)
    user = world.user("link_worker")
    referral = receive(world).referral
    with pytest.raises(RuntimeError):
        services.record_contact(referral, contact_details(), user=user, auditor=Auditor(user))
    referral.refresh_from_db()
    assert not Contact.objects.exists() and not CodingEvent.objects.exists()
    assert referral.status == "waiting" and referral.first_contact_at is None
