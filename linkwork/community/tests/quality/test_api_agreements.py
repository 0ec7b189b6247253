"""Agreements to connect over the API with a bearer token: 201, 422 naming the field and rule, 403, 404; the list
holds only the caller's PCN's agreements."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from linkwork.community.models import Agreement
from linkwork.community.quality import services
from linkwork.community.tests.factories import make_agreement
from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")

BODY = {
    "sheet": "vcse_provider",
    "pcn_signatory": "Helen Brooks",
    "pcn_signed_on": "2026-11-18",
    "organisation_signatory": "Maya Green",
    "organisation_signed_on": "2026-11-19",
}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


def url(organisation):
    return f"/api/v1/organisations/{organisation.pk}/agreements"


@pytest.fixture
def assessed(world):
    """A prompt sheet the PCN worked through with the organisation, confident, before the agreement is signed."""
    lw = world.user("link_worker")
    return services.record_assessment(
        world.vcse,
        sheet="vcse_provider",
        documents={"registration": True, "accounts": True, "insurance": True},
        checks={},
        assessed_on=date(2026, 11, 2),
        user=lw,
        auditor=Auditor(lw),
    )


def test_sign_then_list(world, api, assessed):
    lw = api(world.user("link_worker"))
    created = lw.post(url(world.vcse), BODY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organisation"] == str(world.vcse.pk) and body["pcn"] == str(world.pcn.pk)
    assert body["review_due_on"] == "2027-11-19" and body["state"] == "current" and body["assessment"] is None
    agreement = Agreement.objects.get()
    assert agreement.created_by == world.user("link_worker")
    assert AuditLog.objects.filter(what="agreement", action="create", via="api").count() == 1
    listed = lw.get(url(world.vcse))
    assert listed.status_code == 200 and [a["id"] for a in listed.json()] == [str(agreement.pk)]


def test_the_list_holds_only_the_callers_pcns_agreements_newest_first(world, api):
    older = make_agreement(world.vcse, world.pcn, date(2025, 6, 1))
    newer = make_agreement(world.vcse, world.pcn, date(2026, 6, 1))
    make_agreement(world.vcse, world.other_pcn, date(2026, 7, 1))
    body = api(world.user("gp_supervisor")).get(url(world.vcse)).json()
    assert [a["id"] for a in body] == [str(newer.pk), str(older.pk)]
    assert [a["state"] for a in body] == ["current", "overdue"]
    other = api(world.other_users["pcn_manager"]).get(url(world.vcse)).json()
    assert len(other) == 1 and other[0]["pcn"] == str(world.other_pcn.pk)


def test_broken_rules_answer_422_naming_field_and_rule_and_store_nothing(world, api):
    lw = api(world.user("link_worker"))
    response = lw.post(url(world.vcse), {**BODY, "pcn_signatory": " ", "organisation_signed_on": "2026-12-01"})
    assert response.status_code == 422
    assert {(e["field"], e["rule"]) for e in response.json()["detail"]} == {
        ("pcn_signatory", "required"),
        ("organisation_signed_on", "not_in_future"),
    }
    schema = lw.post(url(world.vcse), {**BODY, "sheet": "sheet_three", "extra": 1})
    assert schema.status_code == 422
    assert {e["field"] for e in schema.json()["detail"]} == {"sheet", "extra"}
    missing = lw.post(url(world.vcse), {"sheet": "vcse_provider"})
    assert missing.status_code == 422 and ("pcn_signatory", "required") in {
        (e["field"], e["rule"]) for e in missing.json()["detail"]
    }
    assert not Agreement.objects.exists()


def test_an_assessment_must_be_the_callers_pcns_with_that_organisation(world, api):
    other_lw = world.other_users["link_worker"]
    theirs = services.record_assessment(
        world.vcse,
        sheet="vcse_provider",
        documents={"registration": True, "accounts": True, "insurance": True},
        checks={},
        assessed_on=date(2026, 11, 1),
        user=other_lw,
        auditor=Auditor(other_lw),
    )
    response = api(world.user("link_worker")).post(url(world.vcse), {**BODY, "assessment": str(theirs.pk)})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "assessment"
    ours = api(other_lw).post(url(world.vcse), {**BODY, "assessment": str(theirs.pk)})
    assert ours.status_code == 201 and ours.json()["assessment"] == str(theirs.pk)


@pytest.mark.parametrize("role", ["practice_staff", "vcse_partner", "commissioner", "admin"])
def test_other_roles_are_refused_403(world, api, role):
    client = api(world.user(role))
    assert client.post(url(world.vcse), BODY).status_code == 403
    assert client.get(url(world.vcse)).status_code == 403
    assert not Agreement.objects.exists()


def test_organisations_that_take_no_referrals_are_404(world, api):
    lw = api(world.user("link_worker"))
    assert lw.post(url(world.practice), BODY).status_code == 404
    assert lw.get(url(world.pcn)).status_code == 404
    assert lw.get("/api/v1/organisations/00000000-0000-0000-0000-000000000000/agreements").status_code == 404


def test_a_retry_with_the_same_key_signs_once(world, api, assessed):
    lw = api(world.user("link_worker"))
    first = lw.post(url(world.vcse), BODY, HTTP_IDEMPOTENCY_KEY="sign-1")
    again = lw.post(url(world.vcse), BODY, HTTP_IDEMPOTENCY_KEY="sign-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Agreement.objects.count() == 1
