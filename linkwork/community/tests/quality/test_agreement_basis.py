"""An agreement to connect is signed only after a prompt sheet worked through with the organisation ended confident,
or under a PCN manager's exception (seed 003 section 9, quality assurance process steps 2 to 5, Appendix 5): refused
otherwise by the service, the API and the page, naming what is missing, with nothing stored."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.community.models import Agreement
from linkwork.community.quality import services
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def lw(world):
    return world.user("link_worker")


def assess(world, user, on, confident=True):
    return services.record_assessment(
        world.vcse,
        sheet="vcse_provider",
        documents={"registration": True, "accounts": True, "insurance": True},
        checks={},
        actions_agreed="" if confident else "Send the insurance certificate",
        confident=confident,
        assessed_on=on,
        user=user,
        auditor=Auditor(user),
    )


def sign(world, user, **overrides):
    values = {
        "sheet": "vcse_provider",
        "pcn_signatory": "Helen Brooks",
        "pcn_signed_on": date(2026, 11, 10),
        "organisation_signatory": "Maya Green",
        "organisation_signed_on": date(2026, 11, 12),
        **overrides,
    }
    return services.sign_agreement(world.vcse, **values, user=user, auditor=Auditor(user))


def refused(world, user, **overrides) -> set[tuple[str, str]]:
    with pytest.raises(RuleViolation) as exc:
        sign(world, user, **overrides)
    assert not Agreement.objects.exists()
    assert not AuditLog.objects.filter(what="agreement").exists()
    return {(e.field, e.rule) for e in exc.value.errors}


def test_without_a_prompt_sheet_nothing_is_signed(world, lw):
    assert refused(world, lw) == {("assessment", "prompt_sheet_required")}


def test_a_prompt_sheet_that_ended_not_confident_is_not_enough(world, lw):
    assess(world, lw, date(2026, 11, 2), confident=False)
    assert refused(world, lw) == {("assessment", "not_confident")}


def test_the_latest_prompt_sheet_counts_not_an_older_confident_one(world, lw):
    older = assess(world, lw, date(2026, 3, 2))
    assess(world, lw, date(2026, 11, 2), confident=False)
    assert refused(world, lw) == {("assessment", "not_confident")}
    assert refused(world, lw, assessment=older) == {("assessment", "not_confident")}


def test_the_prompt_sheet_named_must_have_ended_confident(world, lw):
    doubtful = assess(world, lw, date(2026, 3, 2), confident=False)
    assess(world, lw, date(2026, 11, 2))
    assert refused(world, lw, assessment=doubtful) == {("assessment", "not_confident")}


def test_a_prompt_sheet_after_the_signing_or_another_pcns_does_not_count(world, lw):
    other_lw = world.other_users["link_worker"]
    assess(world, other_lw, date(2026, 11, 2))  # the other PCN's
    assess(world, lw, date(2026, 11, 11))  # after the PCN signed on the 10th
    assert refused(world, lw) == {("assessment", "prompt_sheet_required")}


def test_after_a_confident_prompt_sheet_the_agreement_is_signed_and_the_audit_names_it(world, lw):
    assessment = assess(world, lw, date(2026, 11, 2))
    agreement = sign(world, lw)
    assert agreement.assessment is None  # not named: the audit row says what it follows
    row = AuditLog.objects.get(what="agreement")
    assert row.detail["follows"] == str(assessment.pk) and "under_exception" not in row.detail


def test_a_pcn_managers_exception_in_force_lets_it_be_signed_without_one(world, lw):
    manager = world.user("pcn_manager")
    exception = services.record_exception(
        world.vcse,
        reason="Council service; no prompt sheet fits",
        expires_on=date(2027, 1, 31),
        user=manager,
        auditor=Auditor(manager),
    )
    sign(world, lw)
    row = AuditLog.objects.get(what="agreement")
    assert row.detail["under_exception"] == str(exception.pk)


def test_an_exception_that_has_ended_does_not(world, lw):
    manager = world.user("pcn_manager")
    with time_machine.travel(datetime(2026, 9, 1, 12, tzinfo=ZoneInfo("Europe/London"))):
        services.record_exception(
            world.vcse, reason="Until the review", expires_on=date(2026, 10, 1), user=manager, auditor=Auditor(manager)
        )
    assert refused(world, lw) == {("assessment", "prompt_sheet_required")}


BODY = {
    "sheet": "vcse_provider",
    "pcn_signatory": "Helen Brooks",
    "pcn_signed_on": "2026-11-18",
    "organisation_signatory": "Maya Green",
    "organisation_signed_on": "2026-11-19",
}


def test_the_api_refuses_422_naming_what_is_missing(world, lw, api):
    client = api(lw)
    url = f"/api/v1/organisations/{world.vcse.pk}/agreements"
    response = client.post(url, BODY)
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["detail"]] == [("assessment", "prompt_sheet_required")]
    assess(world, lw, date(2026, 11, 2), confident=False)
    response = client.post(url, BODY)
    assert [(e["field"], e["rule"]) for e in response.json()["detail"]] == [("assessment", "not_confident")]
    assert not Agreement.objects.exists()
    assess(world, lw, date(2026, 11, 16))
    assert client.post(url, BODY).status_code == 201


def split_date(name, d):
    return {f"{name}_day": d.day, f"{name}_month": d.month, f"{name}_year": d.year}


def test_the_page_says_what_is_missing_and_stores_nothing(world, lw):
    client = Client()
    client.force_login(lw)
    url = f"/quality/organisations/{world.vcse.pk}/agreements/new"
    form = client.get(url).content.decode()
    assert "Work through a prompt sheet with the organisation first" in form
    data = {
        "sheet": "vcse_provider",
        "assessment": "",
        "pcn_signatory": "Helen Brooks",
        "organisation_signatory": "Maya Green",
        **split_date("pcn_signed_on", date(2026, 11, 19)),
        **split_date("organisation_signed_on", date(2026, 11, 20)),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Work through a prompt sheet with the organisation before the agreement is signed" in (
        response.content.decode()
    )
    assert not Agreement.objects.exists()
    assess(world, lw, date(2026, 11, 16))
    assert "Work through a prompt sheet with the organisation first" not in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
