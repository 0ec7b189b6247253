"""What the quality assurance pages do, the API does: prompt sheets, a change of leadership, catch-ups, exceptions,
the confidence survey and the organisation's standing, with a bearer token. Strict types and limits answer 422
before any rule; roles without the permission 403; another organisation's or another PCN's records are not reached."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from linkwork.community.models import Agreement, AgreementException, CatchUp, ConfidenceSurvey, QualityAssessment
from linkwork.community.tests.factories import make_agreement
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")

SHEET = {
    "sheet": "vcse_provider",
    "documents": {"registration": True, "accounts": True, "insurance": False},
    "checks": {"safeguarding": {"notes": "Policy seen", "evidence": "DBS log"}},
    "actions_agreed": "Send the insurance certificate by December",
    "confident": False,
    "assessed_on": "2026-11-18",
}
SURVEY = {"people_connected": 12, "coped_well": "agree", "volunteers": 8, "gaps": "Nothing for young carers"}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


def base(organisation) -> str:
    return f"/api/v1/organisations/{organisation.pk}"


def fields_and_rules(response) -> set[tuple[str, str]]:
    return {(e["field"], e["rule"]) for e in response.json()["detail"]}


def test_a_prompt_sheet_is_kept_then_listed_newest_first(world, api):
    lw = api(world.user("link_worker"))
    created = lw.post(f"{base(world.vcse)}/assessments", SHEET)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["pcn"] == str(world.pcn.pk) and body["confident"] is False and body["assessed_on"] == "2026-11-18"
    assert body["checks"]["safeguarding"] == {"notes": "Policy seen", "evidence": "DBS log"}
    assert body["checks"]["training"] == {"notes": "", "evidence": ""}
    assert AuditLog.objects.filter(what="quality_assessment", action="create", via="api", person_id=None).count() == 1
    lw.post(f"{base(world.vcse)}/assessments", {**SHEET, "confident": True, "assessed_on": "2026-11-19"})
    listed = api(world.user("gp_supervisor")).get(f"{base(world.vcse)}/assessments", {"limit": 1})
    assert listed.status_code == 200
    page = listed.json()
    assert page["count"] == 2 and [a["assessed_on"] for a in page["items"]] == ["2026-11-19"]
    assert api(world.other_users["link_worker"]).get(f"{base(world.vcse)}/assessments").json()["count"] == 0


def test_paging_is_bounded(world, api):
    lw = api(world.user("link_worker"))
    assert lw.get(f"{base(world.vcse)}/assessments", {"limit": 101}).status_code == 422
    assert lw.get(f"{base(world.vcse)}/assessments", {"offset": 1_000_001}).status_code == 422
    assert lw.get(f"{base(world.vcse)}/assessments", {"limit": 0}).status_code == 422


def test_strict_types_unknown_fields_and_limits_answer_422_storing_nothing(world, api):
    lw = api(world.user("link_worker"))
    url = f"{base(world.vcse)}/assessments"
    cases = [
        ({**SHEET, "confident": "yes"}, "confident"),
        ({**SHEET, "documents": {**SHEET["documents"], "accounts": "true"}}, "documents.accounts"),
        ({**SHEET, "assessed_on": 0}, "assessed_on"),
        ({**SHEET, "assessed_on": "2026-11-18T10:00:00"}, "assessed_on"),
        ({**SHEET, "notes": "x" * 5001}, "notes"),
        ({**SHEET, "notes": 12}, "notes"),
        ({**SHEET, "checks": {"safeguarding": {"notes": "", "rating": 5}}}, "checks.safeguarding.rating"),
        ({**SHEET, "person": "someone"}, "person"),
    ]
    for body, field in cases:
        response = lw.post(url, body)
        assert response.status_code == 422, body
        assert field in {e["field"] for e in response.json()["detail"]}, (field, response.json())
    too_long = lw.post(url, {**SHEET, "notes": "x" * 5001})
    assert ("notes", "max_length") in fields_and_rules(too_long)
    # The service's own rules, after the schema: every document on the sheet answered, actions when not confident.
    rules = lw.post(url, {**SHEET, "documents": {"registration": True}, "actions_agreed": ""})
    assert fields_and_rules(rules) == {
        ("documents.accounts", "required"),
        ("documents.insurance", "required"),
        ("actions_agreed", "required_when_not_confident"),
    }
    assert not QualityAssessment.objects.exists()


def test_a_change_of_leadership_lapses_the_agreement(world, api):
    lw = api(world.user("care_coordinator"))
    url = f"{base(world.vcse)}/leadership-change"
    none_yet = lw.post(url, {"changed_on": "2026-11-19"})
    assert none_yet.status_code == 422 and fields_and_rules(none_yet) == {("agreement", "required")}
    make_agreement(world.vcse, world.pcn, date(2026, 6, 1))
    changed = lw.post(url, {"changed_on": "2026-11-19"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["leadership_changed_on"] == "2026-11-19" and changed.json()["state"] == "overdue"
    assert Agreement.objects.get().leadership_changed_on == date(2026, 11, 19)
    assert AuditLog.objects.filter(what="agreement", action="update", via="api").count() == 1
    again = lw.post(url, {"changed_on": "2026-11-20"})
    assert fields_and_rules(again) == {("changed_on", "already_recorded")}
    standing = lw.get(f"{base(world.vcse)}/quality-assurance").json()
    assert standing["may_connect"] is False and standing["agreement_state"] == "overdue"


def test_catch_ups(world, api):
    lw = api(world.user("link_worker"))
    created = lw.post(f"{base(world.vcse)}/catch-ups", {"held_on": "2026-11-19", "notes": "Going well"})
    assert created.status_code == 201 and created.json()["held_on"] == "2026-11-19"
    future = lw.post(f"{base(world.vcse)}/catch-ups", {"held_on": "2026-11-21"})
    assert fields_and_rules(future) == {("held_on", "not_in_future")}
    assert CatchUp.objects.count() == 1
    standing = lw.get(f"{base(world.vcse)}/quality-assurance").json()
    assert standing["last_catch_up_on"] == "2026-11-19" and standing["next_catch_up_on"] == "2027-05-19"
    assert standing["catch_up_state"] == "current"


def test_exceptions_are_the_pcn_managers(world, api):
    body = {"reason": "New chair known to us; review booked", "expires_on": "2027-01-31"}
    refused = api(world.user("link_worker")).post(f"{base(world.vcse)}/exceptions", body)
    assert refused.status_code == 403 and "community.grant_agreement_exception" in refused.json()["detail"]
    manager = api(world.user("pcn_manager"))
    created = manager.post(f"{base(world.vcse)}/exceptions", body)
    assert created.status_code == 201 and created.json()["in_force"] is True
    assert AgreementException.objects.get().created_by == world.user("pcn_manager")
    standing = manager.get(f"{base(world.vcse)}/quality-assurance").json()
    assert standing["may_connect"] is True and standing["exception"]["id"] == created.json()["id"]
    ended = manager.post(f"{base(world.vcse)}/exceptions", {**body, "expires_on": "2026-11-20"})
    assert fields_and_rules(ended) == {("expires_on", "after_today")}


def test_the_survey_by_phone_and_by_the_organisation_itself(world, api):
    by_phone = api(world.user("link_worker")).post(
        f"{base(world.vcse)}/confidence-surveys", {**SURVEY, "answered_on": "2026-11-18"}
    )
    assert by_phone.status_code == 201, by_phone.content
    assert by_phone.json()["via"] == "phone" and by_phone.json()["answered_on"] == "2026-11-18"
    partner = api(world.user("vcse_partner"))
    own = partner.post(f"{base(world.vcse)}/confidence-surveys", SURVEY)
    assert own.status_code == 201 and own.json()["via"] == "web" and own.json()["answered_on"] == "2026-11-20"
    other = OrganisationFactory(kind="community_group", name="Bowls club", parent=world.icb)
    assert partner.post(f"{base(other)}/confidence-surveys", SURVEY).status_code == 404
    assert AuditLog.objects.filter(what="organisation", action="denied", object_id=str(other.pk)).exists()
    bad = partner.post(f"{base(world.vcse)}/confidence-surveys", {**SURVEY, "volunteers": "8", "coped_well": "fine"})
    assert {e["field"] for e in bad.json()["detail"]} == {"volunteers", "coped_well"}
    negative = partner.post(f"{base(world.vcse)}/confidence-surveys", {**SURVEY, "people_connected": -1})
    assert negative.status_code == 422
    assert ConfidenceSurvey.objects.count() == 2
    coach = api(world.user("health_and_wellbeing_coach")).post(f"{base(world.vcse)}/confidence-surveys", SURVEY)
    assert coach.status_code == 403


@pytest.mark.parametrize("role", ["practice_staff", "commissioner", "admin", "vcse_partner"])
def test_other_roles_record_nothing(world, api, role):
    client = api(world.user(role))
    for path, body in [
        ("assessments", SHEET),
        ("leadership-change", {"changed_on": "2026-11-19"}),
        ("catch-ups", {"held_on": "2026-11-19"}),
        ("exceptions", {"reason": "Because"}),
    ]:
        assert client.post(f"{base(world.vcse)}/{path}", body).status_code == 403, path
    assert client.get(f"{base(world.vcse)}/quality-assurance").status_code == 403
    assert not (QualityAssessment.objects.exists() or CatchUp.objects.exists() or AgreementException.objects.exists())


def test_only_provider_organisations_are_found(world, api):
    lw = api(world.user("link_worker"))
    assert lw.post(f"{base(world.practice)}/catch-ups", {"held_on": "2026-11-19"}).status_code == 404
    assert lw.get(f"{base(world.pcn)}/quality-assurance").status_code == 404


def test_a_retry_with_the_same_key_records_once(world, api):
    lw = api(world.user("link_worker"))
    first = lw.post(f"{base(world.vcse)}/catch-ups", {"held_on": "2026-11-19"}, HTTP_IDEMPOTENCY_KEY="catch-up-1")
    again = lw.post(f"{base(world.vcse)}/catch-ups", {"held_on": "2026-11-19"}, HTTP_IDEMPOTENCY_KEY="catch-up-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert CatchUp.objects.count() == 1


def test_the_new_routes_document_their_refusals(world):
    from linkwork.config.api import api as ninja_api

    paths = ninja_api.get_openapi_schema()["paths"]
    for path in ("assessments", "leadership-change", "catch-ups", "exceptions", "confidence-surveys"):
        responses = paths[f"/api/v1/organisations/{{organisation_id}}/{path}"]["post"]["responses"]
        assert {"403", "404", "422"} <= {str(code) for code in responses}, path
