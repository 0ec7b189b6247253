"""Quality assurance through the services: prompt sheets, agreements to connect, a change of leadership, catch-ups
and exceptions. Every rule is reported at once and a refused write stores nothing, audit included."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from linkwork.community.models import Agreement, AgreementException, CatchUp, QualityAssessment
from linkwork.community.quality import presenters, services, sheets
from linkwork.community.tests.factories import make_agreement
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = date(2026, 11, 20)
pytestmark = pytest.mark.usefixtures("frozen_now")

VCSE_DOCUMENTS = {"registration": True, "accounts": True, "insurance": False}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def lw(world):
    return world.user("link_worker")


@pytest.fixture
def manager(world):
    return world.user("pcn_manager")


def rules_of(exc) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in exc.value.errors}


def assess(organisation, user, **overrides):
    values = {
        "sheet": "vcse_provider",
        "documents": VCSE_DOCUMENTS,
        "checks": {"safeguarding": {"notes": "Policy seen, reviewed 2026", "evidence": "DBS log"}},
        "notes": "",
        "actions_agreed": "",
        "confident": True,
        **overrides,
    }
    return services.record_assessment(organisation, **values, user=user, auditor=Auditor(user))


def sign(organisation, user, **overrides):
    values = {
        "sheet": "vcse_provider",
        "pcn_signatory": "Helen Brooks",
        "pcn_signed_on": date(2026, 11, 10),
        "organisation_signatory": "Maya Green",
        "organisation_signed_on": date(2026, 11, 12),
        **overrides,
    }
    return services.sign_agreement(organisation, **values, user=user, auditor=Auditor(user))


# --- Prompt sheets ---


def test_the_usual_sheet_by_kind():
    assert sheets.suggested_sheet("vcse") == "vcse_provider"
    assert sheets.suggested_sheet("statutory") == "vcse_provider"
    assert sheets.suggested_sheet("community_group") == "community_group"


def test_a_prompt_sheet_is_kept_with_every_check_and_audited(world, lw):
    assessment = assess(world.vcse, lw, actions_agreed="  Send the insurance certificate\r\nby December  ")
    assert assessment.pcn == world.pcn and assessment.organisation == world.vcse
    assert assessment.documents == VCSE_DOCUMENTS
    assert set(assessment.checks) == {c["key"] for c in sheets.prompt_sheets()["sheets"]["vcse_provider"]["checks"]}
    assert assessment.checks["safeguarding"] == {"notes": "Policy seen, reviewed 2026", "evidence": "DBS log"}
    assert assessment.checks["training"] == {"notes": "", "evidence": ""}
    assert assessment.actions_agreed == "Send the insurance certificate\nby December"
    assert assessment.assessed_on == TODAY and assessment.created_by == lw
    row = AuditLog.objects.get()
    assert (row.action, row.what, row.object_id, row.person_id) == (
        "create",
        "quality_assessment",
        str(assessment.pk),
        None,
    )
    assert row.detail == {"organisation": str(world.vcse.pk), "sheet": "vcse_provider", "confident": True}


def test_a_community_group_may_be_assessed_on_either_sheet(world, lw):
    group = OrganisationFactory(kind="community_group", name="Knit and natter")
    light = assess(
        group, lw, sheet="community_group", documents={"constitution": False, "bank_account": True}, checks={}
    )
    assert light.sheet == "community_group" and light.documents == {"constitution": False, "bank_account": True}
    full = assess(group, lw)  # the link worker chose sheet 1 for a larger group
    assert full.sheet == "vcse_provider"


def test_a_prompt_sheet_with_problems_stores_nothing_and_names_each(world, lw):
    with pytest.raises(RuleViolation) as exc:
        assess(
            world.vcse,
            lw,
            documents={"registration": True, "accounts": "maybe", "constitution": True},
            checks={"safeguarding": {"notes": "x" * 5001}, "football": {"notes": ""}},
            confident=False,
            assessed_on=TODAY + timedelta(days=1),
        )
    assert rules_of(exc) == {
        ("documents.constitution", "unknown"),  # a sheet 2 document on sheet 1
        ("documents.accounts", "choice"),
        ("documents.insurance", "required"),
        ("checks.football", "unknown"),
        ("checks.safeguarding.notes", "max_length"),
        ("actions_agreed", "required_when_not_confident"),
        ("assessed_on", "not_in_future"),
    }
    assert not QualityAssessment.objects.exists() and not AuditLog.objects.exists()


def test_an_unknown_sheet_and_the_wrong_kind_of_organisation_are_refused(world, lw):
    with pytest.raises(RuleViolation) as exc:
        assess(world.practice, lw, sheet="sheet_three")
    assert rules_of(exc) == {("organisation", "kind"), ("sheet", "choice")}
    assert not QualityAssessment.objects.exists()


@pytest.mark.parametrize("role", ["practice_staff", "vcse_partner", "commissioner", "admin"])
def test_only_pcn_staff_record_quality_assurance(world, role):
    user = world.user(role)
    with pytest.raises(RuleViolation) as exc:
        assess(world.vcse, user)
    assert rules_of(exc) == {("user", "role")}
    with pytest.raises(RuleViolation):
        sign(world.vcse, user)
    with pytest.raises(RuleViolation):
        services.record_catch_up(world.vcse, held_on=TODAY, user=user, auditor=Auditor(user))
    assert not (QualityAssessment.objects.exists() or Agreement.objects.exists() or CatchUp.objects.exists())


# --- Agreements to connect ---


def test_an_agreement_falls_due_a_year_after_the_later_signature(world, lw):
    assessment = assess(world.vcse, lw, assessed_on=date(2026, 10, 28))
    agreement = sign(
        world.vcse, lw, assessment=assessment, pcn_signed_on=TODAY, organisation_signed_on=date(2026, 11, 1)
    )
    assert agreement.pcn == world.pcn and agreement.assessment == assessment
    assert agreement.review_due_on == date(2027, 11, 20)
    row = AuditLog.objects.filter(what="agreement").get()
    assert row.action == "create" and row.person_id is None and row.detail["review_due_on"] == "2027-11-20"
    assert presenters.may_connect(world.vcse.pk, world.pcn.pk, TODAY).allowed
    assert not presenters.may_connect(world.vcse.pk, world.other_pcn.pk, TODAY).allowed  # agreements are per PCN


def test_an_agreement_with_problems_stores_nothing(world, lw, manager):
    other_assessment = assess(world.vcse, world.other_users["link_worker"])
    with pytest.raises(RuleViolation) as exc:
        sign(
            world.vcse,
            lw,
            sheet="",
            pcn_signatory="  ",
            organisation_signatory="x" * 201,
            pcn_signed_on=TODAY + timedelta(days=1),
            organisation_signed_on=None,
            assessment=other_assessment,
        )
    assert rules_of(exc) == {
        ("sheet", "required"),
        ("pcn_signatory", "required"),
        ("organisation_signatory", "max_length"),
        ("pcn_signed_on", "not_in_future"),
        ("organisation_signed_on", "required"),
        ("assessment", "not_found"),
    }
    assert not Agreement.objects.exists()
    assert not AuditLog.objects.filter(what="agreement").exists()


def test_an_agreement_follows_its_assessment(world, lw):
    assessment = assess(world.vcse, lw, assessed_on=date(2026, 11, 15))
    with pytest.raises(RuleViolation) as exc:
        sign(world.vcse, lw, assessment=assessment, sheet="community_group")
    assert rules_of(exc) == {
        ("sheet", "matches_assessment"),
        ("pcn_signed_on", "after_assessment"),
        ("organisation_signed_on", "after_assessment"),
    }


def test_a_new_agreement_is_not_signed_before_the_last_one(world, lw):
    make_agreement(world.vcse, world.pcn, date(2026, 6, 1))
    with pytest.raises(RuleViolation) as exc:
        sign(world.vcse, lw, pcn_signed_on=date(2026, 5, 30), organisation_signed_on=date(2026, 6, 1))
    assert rules_of(exc) == {("pcn_signed_on", "after_previous")}
    assert Agreement.objects.count() == 1


# --- A change of leadership ---


def test_a_change_of_leadership_lapses_the_agreement_until_a_new_one_is_signed(world, lw):
    old = make_agreement(world.vcse, world.pcn, date(2026, 6, 1))
    assert presenters.may_connect(world.vcse.pk, world.pcn.pk, TODAY).allowed
    changed = services.record_leadership_change(world.vcse, changed_on=date(2026, 11, 2), user=lw, auditor=Auditor(lw))
    assert changed == old and changed.leadership_changed_on == date(2026, 11, 2)
    permission = presenters.may_connect(world.vcse.pk, world.pcn.pk, TODAY)
    assert not permission.allowed and permission.agreement_state == "overdue"
    row = AuditLog.objects.get(what="agreement")
    assert row.action == "update" and row.detail["leadership_changed_on"] == "2026-11-02"

    assess(world.vcse, lw, assessed_on=date(2026, 11, 16))  # the prompt sheet worked through again
    renewed = sign(world.vcse, lw, pcn_signed_on=date(2026, 11, 18), organisation_signed_on=date(2026, 11, 19))
    assert presenters.latest_agreement(world.vcse.pk, world.pcn.pk) == renewed
    assert presenters.may_connect(world.vcse.pk, world.pcn.pk, TODAY).allowed


def test_an_exception_lets_link_workers_connect_after_a_change_of_leadership(world, lw, manager):
    make_agreement(world.vcse, world.pcn, date(2026, 6, 1))
    services.record_leadership_change(world.vcse, changed_on=TODAY, user=lw, auditor=Auditor(lw))
    exception = services.record_exception(
        world.vcse,
        reason="New chair known to us; review booked",
        expires_on=date(2027, 1, 31),
        user=manager,
        auditor=Auditor(manager),
    )
    permission = presenters.may_connect(world.vcse.pk, world.pcn.pk, TODAY)
    assert permission.allowed and permission.exception == exception
    assert not presenters.may_connect(world.vcse.pk, world.pcn.pk, date(2027, 1, 31)).allowed  # it has ended


def test_a_change_of_leadership_needs_an_agreement_and_a_real_date(world, lw):
    with pytest.raises(RuleViolation) as exc:
        services.record_leadership_change(world.vcse, changed_on=None, user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("agreement", "required"), ("changed_on", "required")}
    make_agreement(world.vcse, world.pcn, date(2026, 6, 1))
    with pytest.raises(RuleViolation) as exc:
        services.record_leadership_change(world.vcse, changed_on=date(2026, 5, 1), user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("changed_on", "after_agreement")}
    services.record_leadership_change(world.vcse, changed_on=TODAY, user=lw, auditor=Auditor(lw))
    with pytest.raises(RuleViolation) as exc:
        services.record_leadership_change(world.vcse, changed_on=TODAY, user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("changed_on", "already_recorded")}


# --- Catch-ups ---


def test_a_catch_up_is_kept_and_audited(world, lw):
    catch_up = services.record_catch_up(
        world.vcse, held_on=date(2026, 11, 3), notes=" Busy; waiting list of 2 weeks ", user=lw, auditor=Auditor(lw)
    )
    assert (catch_up.pcn, catch_up.held_on, catch_up.notes) == (
        world.pcn,
        date(2026, 11, 3),
        "Busy; waiting list of 2 weeks",
    )
    assert AuditLog.objects.get().what == "catch_up"


def test_a_catch_up_cannot_be_in_the_future(world, lw):
    with pytest.raises(RuleViolation) as exc:
        services.record_catch_up(world.vcse, held_on=TODAY + timedelta(days=1), user=lw, auditor=Auditor(lw))
    assert rules_of(exc) == {("held_on", "not_in_future")}
    assert not CatchUp.objects.exists() and not AuditLog.objects.exists()


# --- Exceptions ---


@pytest.mark.parametrize("role", ["link_worker", "gp_supervisor", "care_coordinator", "vcse_partner"])
def test_only_a_pcn_manager_records_an_exception(world, role):
    user = world.user(role)
    with pytest.raises(RuleViolation) as exc:
        services.record_exception(world.vcse, reason="Trusted", user=user, auditor=Auditor(user))
    assert rules_of(exc) == {("user", "role")}
    assert not AgreementException.objects.exists() and not AuditLog.objects.exists()


def test_an_exception_is_kept_with_who_and_when(world, manager):
    exception = services.record_exception(
        world.vcse, reason="  Council service  ", user=manager, auditor=Auditor(manager)
    )
    assert (exception.reason, exception.granted_on, exception.expires_on) == ("Council service", TODAY, None)
    assert exception.created_by == manager and exception.pcn == world.pcn
    row = AuditLog.objects.get()
    assert (row.what, row.actor, row.detail["granted_on"]) == ("agreement_exception", manager, "2026-11-20")


def test_an_exception_needs_a_reason_and_an_end_after_today(world, manager):
    with pytest.raises(RuleViolation) as exc:
        services.record_exception(world.vcse, reason=" ", expires_on=TODAY, user=manager, auditor=Auditor(manager))
    assert rules_of(exc) == {("reason", "required"), ("expires_on", "after_today")}
    assert not AgreementException.objects.exists()
