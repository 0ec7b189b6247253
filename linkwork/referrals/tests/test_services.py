from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails
from linkwork.people.tests.factories import valid_nhs_number
from linkwork.referrals import services
from linkwork.referrals.models import Contact, Referral, ReferralStatusChange
from linkwork.referrals.services import ContactDetails, ReferralDetails

LONDON = ZoneInfo("Europe/London")


def person_details(world, **overrides):
    values = {
        "nhs_number": valid_nhs_number(4242),
        "given_name": "Ada",
        "family_name": "Jones",
        "birth_date": date(1948, 3, 9),
        "sex": "female",
        "postcode": "ls14ap",
        "gp_practice": world.practice.code,
    }
    values.update(overrides)
    return PersonDetails(**values)


def referral_details(**overrides):
    values = {
        "received_on": date(2026, 11, 2),
        "referrer_type": "gp",
        "reasons": ["loneliness", "money"],
        "criteria": ["lonely_or_isolated"],
    }
    values.update(overrides)
    return ReferralDetails(**values)


def contact_details(outcome="accepted", at=None, **overrides):
    values = {
        "occurred_at": at or datetime(2026, 11, 3, 10, 30, tzinfo=LONDON),
        "mode": "phone",
        "duration_minutes": 30,
        "reached": outcome != "no_response",
        "outcome": outcome,
    }
    values.update(overrides)
    return ContactDetails(**values)


def receive(world, user=None, **person_overrides):
    user = user or world.user("link_worker")
    return services.receive_referral(
        referral_details(), user=user, auditor=Auditor(user), person_details=person_details(world, **person_overrides)
    )


def test_receiving_a_referral_registers_the_person_and_starts_an_episode(world):
    received = receive(world)
    referral = received.referral
    assert received.person_created
    assert referral.person.postcode == "LS1 4AP"
    assert referral.pcn == world.pcn and referral.practice == world.practice
    assert referral.status == "waiting"
    assert referral.assigned_to == world.user("link_worker")
    assert sorted(r.reason for r in referral.reasons.all()) == ["loneliness", "money"]
    assert [c.criterion for c in referral.criteria.all()] == ["lonely_or_isolated"]
    assert ReferralStatusChange.objects.filter(referral=referral, from_status="", to_status="waiting").exists()
    assert AuditLog.objects.filter(action="create", what="referral", person_id=referral.person_id).exists()
    assert AuditLog.objects.filter(action="create", what="person", person_id=referral.person_id).exists()


def test_a_second_referral_finds_the_person_by_nhs_number_instead_of_duplicating(world):
    first = receive(world).referral
    services.discharge(
        first,
        discharged_on=date(2026, 11, 3),
        reason="goals_met",
        note="",
        user=world.user("link_worker"),
        auditor=Auditor(world.user("link_worker")),
    )
    second = receive(world, postcode="M1 1AE")
    assert not second.person_created
    assert second.referral.person_id == first.person_id
    assert Person.objects.count() == 1
    assert Person.objects.get().postcode == "M1 1AE"


def test_an_open_referral_for_the_same_person_is_flagged(world):
    receive(world)
    assert receive(world).warnings == ["This person already has an open referral with your PCN."]


def test_practice_staff_referrals_are_unassigned_and_theirs(world):
    received = receive(world, user=world.user("practice_staff"))
    assert received.referral.assigned_to is None
    assert received.referral.referred_by == world.user("practice_staff")


def test_bad_referral_names_every_field_and_rule_and_stores_nothing(world):
    user = world.user("link_worker")
    with pytest.raises(RuleViolation) as exc:
        services.receive_referral(
            referral_details(
                received_on=timezone.localdate() + timedelta(days=1), referrer_type="astrologer", reasons=[]
            ),
            user=user,
            auditor=Auditor(user),
            person_details=person_details(
                world, nhs_number="9434765918", postcode="nowhere", gp_practice=world.other_practice.code
            ),
        )
    rules = {(e.field, e.rule) for e in exc.value.errors}
    assert {
        ("received_on", "not_in_future"),
        ("referrer_type", "choice"),
        ("reasons", "required"),
        ("person.nhs_number", "modulus_11"),
        ("person.postcode", "format"),
        ("person.gp_practice", "within_reach"),
    } <= rules
    assert Person.objects.count() == 0 and Referral.objects.count() == 0 and AuditLog.objects.count() == 0


def test_other_referrer_needs_a_detail(world):
    user = world.user("link_worker")
    with pytest.raises(RuleViolation) as exc:
        services.receive_referral(
            referral_details(referrer_type="other"),
            user=user,
            auditor=Auditor(user),
            person_details=person_details(world),
        )
    assert [(e.field, e.rule) for e in exc.value.errors] == [("referrer_detail", "required")]


def test_a_failure_after_the_person_is_written_leaves_nothing_behind(world, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.ReferralStatusChange.objects, "create", explode)
    with pytest.raises(RuntimeError):
        receive(world)
    assert Person.objects.count() == 0 and Referral.objects.count() == 0 and AuditLog.objects.count() == 0


def test_bad_contact_names_fields_and_stores_nothing(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    with pytest.raises(RuleViolation) as exc:
        services.record_contact(
            referral,
            contact_details(
                at=timezone.now() + timedelta(days=2), mode="telepathy", duration_minutes=9999, purpose="x"
            ),
            user=user,
            auditor=Auditor(user),
        )
    assert {(e.field, e.rule) for e in exc.value.errors} == {
        ("occurred_at", "not_in_future"),
        ("mode", "choice"),
        ("duration_minutes", "range"),
        ("purpose", "choice"),
    }
    assert not Contact.objects.exists()


def test_contact_before_the_referral_is_refused(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    with pytest.raises(RuleViolation) as exc:
        services.record_contact(
            referral, contact_details(at=datetime(2026, 11, 1, 9, 0, tzinfo=LONDON)), user=user, auditor=Auditor(user)
        )
    assert exc.value.errors[0].rule == "after_referral"


def test_only_caseload_roles_record_contacts(world):
    referral = receive(world).referral
    manager = world.user("pcn_manager")
    with pytest.raises(RuleViolation):
        services.record_contact(referral, contact_details(), user=manager, auditor=Auditor(manager))


def test_discharge_rules(world):
    user = world.user("link_worker")
    referral = receive(world).referral
    with pytest.raises(RuleViolation) as exc:
        services.discharge(
            referral, discharged_on=date(2026, 10, 1), reason="other", note="", user=user, auditor=Auditor(user)
        )
    assert {(e.field, e.rule) for e in exc.value.errors} == {("discharged_on", "after_referral"), ("note", "required")}
    referral.refresh_from_db()
    assert referral.status == "waiting"


def test_reassign_moves_open_episodes_within_the_pcn(world):
    lw = world.user("link_worker")
    coach = world.user("health_and_wellbeing_coach")
    manager = world.user("pcn_manager")
    referral = receive(world).referral
    moved = services.reassign(
        Referral.objects.for_user(manager), to_user_id=coach.pk, user=manager, auditor=Auditor(manager)
    )
    referral.refresh_from_db()
    assert moved == 1 and referral.assigned_to == coach
    assert AuditLog.objects.filter(what="referral", action="update", object_id=str(referral.pk)).exists()
    with pytest.raises(RuleViolation) as exc:
        services.reassign(
            Referral.objects.for_user(manager),
            to_user_id=world.other_users["link_worker"].pk,
            user=manager,
            auditor=Auditor(manager),
        )
    assert exc.value.errors[0].rule == "caseload_holder"
    assert lw  # the original holder is untouched otherwise
