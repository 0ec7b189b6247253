"""The public API, end to end through HTTP with a bearer token."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from linkwork.coding.models import CodingEvent
from linkwork.core.models import AuditLog
from linkwork.people.models import Person
from linkwork.people.tests.factories import PersonFactory, valid_nhs_number
from linkwork.referrals.models import Contact, Referral

PERSON = {
    "nhs_number": "",
    "given_name": "Ann",
    "family_name": "Smith",
    "birth_date": "1950-02-03",
    "sex": "female",
    "postcode": "ls14ap",
    "gp_practice": "A11111",
}


def new_person(client, n=1, **overrides):
    body = {**PERSON, "nhs_number": valid_nhs_number(n), **overrides}
    return client.post("/api/v1/people", body)


def new_referral(client, person_id, **overrides):
    body = {
        "person": person_id,
        "received_on": "2026-11-02",
        "referrer_type": "gp",
        "reasons": ["loneliness", "housing"],
        **overrides,
    }
    return client.post("/api/v1/referrals", body)


def contact(outcome="accepted", **overrides):
    return {
        "occurred_at": "2026-11-03T10:30:00Z",
        "mode": "phone",
        "duration_minutes": 25,
        "reached": outcome != "no_response",
        "outcome": outcome,
        **overrides,
    }


@pytest.fixture
def lw(world, api):
    return api(world.user("link_worker"))


def test_create_and_read_a_person(lw):
    created = new_person(lw)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["postcode"] == "LS1 4AP" and body["gp_practice"] == "A11111"
    assert set(body) == {
        "id",
        "nhs_number",
        "given_name",
        "family_name",
        "birth_date",
        "sex",
        "postcode",
        "gp_practice",
    }
    again = new_person(lw, family_name="Smythe")
    assert again.status_code == 200 and again.json()["id"] == body["id"] and again.json()["family_name"] == "Smythe"
    assert Person.objects.count() == 1
    fetched = lw.get(f"/api/v1/people/{body['id']}")
    assert fetched.status_code == 200 and fetched.json()["nhs_number"] == body["nhs_number"]
    listed = lw.get("/api/v1/people", {"nhs_number": body["nhs_number"]})
    assert listed.json()["count"] == 1 and listed.json()["items"][0]["id"] == body["id"]
    assert AuditLog.objects.filter(action="view", what="person", person_id=body["id"], via="api").count() == 2


def test_invalid_person_gives_422_naming_field_and_rule_and_stores_nothing(lw):
    response = new_person(
        lw, nhs_number="9434765918", birth_date="2999-01-01", postcode="nowhere", gp_practice="ZZZ999"
    )
    assert response.status_code == 422
    errors = {(e["field"], e["rule"]) for e in response.json()["detail"]}
    assert errors == {
        ("nhs_number", "modulus_11"),
        ("birth_date", "not_in_future"),
        ("postcode", "format"),
        ("gp_practice", "within_reach"),
    }
    assert Person.objects.count() == 0


def test_schema_errors_also_name_field_and_rule(lw):
    response = lw.post(
        "/api/v1/people", {**PERSON, "nhs_number": valid_nhs_number(1), "sex": "robot", "birth_date": "soon"}
    )
    assert response.status_code == 422
    fields = {e["field"]: e["rule"] for e in response.json()["detail"]}
    assert fields["sex"] == "choice" and "birth_date" in fields


def test_referral_contact_and_discharge_journey(lw, world):
    person_id = new_person(lw).json()["id"]
    created = new_referral(lw, person_id, criteria=["lonely_or_isolated"])
    assert created.status_code == 201, created.content
    referral = created.json()
    assert referral["status"] == "waiting" and referral["pcn"] == "U11111"
    assert referral["reasons"] == ["loneliness", "housing"] and referral["criteria"] == ["lonely_or_isolated"]
    rid = referral["id"]
    accepted = lw.post(f"/api/v1/referrals/{rid}/contacts", contact())
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["coding_event"]["code"] == "871731000000106"
    assert accepted.json()["coding_event"]["due_by"] == "2026-11-10"
    follow = lw.post(f"/api/v1/referrals/{rid}/contacts", contact("follow_up", occurred_at="2026-11-10T10:00:00Z"))
    assert follow.status_code == 201 and follow.json()["coding_event"] is None
    fetched = lw.get(f"/api/v1/referrals/{rid}").json()
    assert fetched["status"] == "active" and len(fetched["contacts"]) == 2
    discharged = lw.post(f"/api/v1/referrals/{rid}/discharge", {"discharged_on": "2026-11-12", "reason": "goals_met"})
    assert discharged.status_code == 200 and discharged.json()["status"] == "discharged"
    closed = lw.post(f"/api/v1/referrals/{rid}/contacts", contact("follow_up", occurred_at="2026-11-13T10:00:00Z"))
    assert closed.status_code == 422 and closed.json()["detail"][0]["rule"] == "episode_closed"


def test_bad_contact_gives_422_and_stores_nothing(lw):
    rid = new_referral(lw, new_person(lw).json()["id"]).json()["id"]
    future = (timezone.now() + timedelta(days=3)).isoformat()
    too_long = lw.post(f"/api/v1/referrals/{rid}/contacts", contact(duration_minutes=601))
    assert too_long.status_code == 422
    assert [(e["field"], e["rule"]) for e in too_long.json()["detail"]] == [("duration_minutes", "range")]
    response = lw.post(f"/api/v1/referrals/{rid}/contacts", contact(occurred_at=future))
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["detail"]] == [("occurred_at", "not_in_future")]
    bad_outcome = lw.post(f"/api/v1/referrals/{rid}/contacts", contact(outcome="offered"))
    assert bad_outcome.status_code == 422 and bad_outcome.json()["detail"][0] == {
        "field": "outcome",
        "rule": "choice",
        "message": bad_outcome.json()["detail"][0]["message"],
    }
    assert Contact.objects.count() == 0 and CodingEvent.objects.count() == 0


def test_bad_referral_gives_422(lw):
    person_id = new_person(lw).json()["id"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = new_referral(lw, person_id, received_on=tomorrow, reasons=[])
    assert response.status_code == 422
    assert ("reasons", "too_short") in {(e["field"], e["rule"]) for e in response.json()["detail"]}
    response = new_referral(lw, person_id, received_on=tomorrow)
    assert {(e["field"], e["rule"]) for e in response.json()["detail"]} == {("received_on", "not_in_future")}
    assert Referral.objects.count() == 0


def test_another_pcns_person_and_referral_are_404_and_the_attempt_is_audited(world, api, lw):
    theirs = PersonFactory(gp_practice=world.other_practice)
    other = api(world.other_users["link_worker"])
    their_referral = new_referral(other, str(theirs.pk)).json()["id"]
    assert lw.get(f"/api/v1/people/{theirs.pk}").status_code == 404
    assert lw.get(f"/api/v1/referrals/{their_referral}").status_code == 404
    assert new_referral(lw, str(theirs.pk)).status_code == 404
    assert lw.post(f"/api/v1/referrals/{their_referral}/contacts", contact()).status_code == 404
    assert lw.get("/api/v1/people").json()["count"] == 0
    assert AuditLog.objects.filter(action="denied", actor=world.user("link_worker")).count() == 4
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("role", ["commissioner", "vcse_partner", "admin"])
def test_roles_without_people_reach_no_person(world, api, lw, role):
    person_id = new_person(lw).json()["id"]
    client = api(world.user(role))
    assert client.get(f"/api/v1/people/{person_id}").status_code == 404
    assert client.get("/api/v1/people").json()["count"] == 0
    assert client.post("/api/v1/people", {**PERSON, "nhs_number": valid_nhs_number(9)}).status_code == 403
    assert new_referral(client, person_id).status_code == 403
    assert client.get("/api/v1/coding/worklist").status_code == 403


def test_forbidden_action_gives_403_naming_the_rule(world, api, lw):
    rid = new_referral(lw, new_person(lw).json()["id"]).json()["id"]
    manager = api(world.user("pcn_manager"))
    response = manager.post(f"/api/v1/referrals/{rid}/contacts", contact())
    assert response.status_code == 403
    assert "referrals.record_contact" in response.json()["detail"]


def test_no_or_bad_token_is_401(world, api):
    assert api().get("/api/v1/people").status_code == 401
    assert api(token="lw_not-a-real-token").get("/api/v1/people").status_code == 401


def test_idempotency_key_replays_the_first_response(lw):
    person_id = new_person(lw).json()["id"]
    body = {"person": person_id, "received_on": "2026-11-02", "referrer_type": "gp", "reasons": ["money"]}
    first = lw.post("/api/v1/referrals", body, HTTP_IDEMPOTENCY_KEY="abc-123")
    second = lw.post("/api/v1/referrals", body, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Referral.objects.count() == 1
    reused = lw.post("/api/v1/referrals", {**body, "reasons": ["housing"]}, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert reused.status_code == 422 and reused.json()["detail"][0]["rule"] == "reuse"
    assert lw.post("/api/v1/referrals", body).status_code == 201
    assert Referral.objects.count() == 2


def test_a_failed_create_does_not_burn_the_idempotency_key(lw):
    person_id = new_person(lw).json()["id"]
    body = {"person": person_id, "received_on": "2026-11-02", "referrer_type": "other", "reasons": ["money"]}
    assert lw.post("/api/v1/referrals", body, HTTP_IDEMPOTENCY_KEY="k1").status_code == 422
    fixed = lw.post("/api/v1/referrals", {**body, "referrer_detail": "Neighbour"}, HTTP_IDEMPOTENCY_KEY="k2")
    assert fixed.status_code == 201


def test_organisations_list(world, api):
    response = api(world.user("commissioner")).get("/api/v1/organisations", {"kind": "practice"})
    assert response.status_code == 200
    practices = {o["code"]: o for o in response.json()}
    assert set(practices) == {"A11111", "B22222"}
    assert practices["A11111"]["parent"] == "U11111"
    assert set(practices["A11111"]) == {"id", "code", "kind", "name", "parent"}


def test_openapi_document_lists_the_routes(world, api):
    schema = api(world.user("link_worker")).get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/referrals",
        "/api/v1/referrals/{referral_id}",
        "/api/v1/referrals/{referral_id}/contacts",
        "/api/v1/referrals/{referral_id}/discharge",
        "/api/v1/coding/worklist",
        "/api/v1/coding/worklist/{item_id}/entered",
        "/api/v1/organisations",
    } <= paths
    outcome = schema["components"]["schemas"]["ContactIn"]["properties"]["outcome"]
    assert set(outcome["enum"]) == {"accepted", "declined", "no_response", "follow_up"}
    assert date.today()  # the schema is served without a database write


def test_reached_defaults_from_an_outcome_that_implies_it(lw):
    person_id = new_person(lw).json()["id"]
    referral_id = new_referral(lw, person_id).json()["id"]
    body = {k: v for k, v in contact("accepted").items() if k != "reached"}
    answer = lw.post(f"/api/v1/referrals/{referral_id}/contacts", body)
    assert answer.status_code == 201, answer.content
    assert answer.json()["reached"] is True and answer.json()["coding_event"]["code"] == "871731000000106"


def test_reached_is_needed_when_the_outcome_does_not_say(lw):
    person_id = new_person(lw).json()["id"]
    referral_id = new_referral(lw, person_id).json()["id"]
    body = {k: v for k, v in contact("no_response").items() if k != "reached"}
    answer = lw.post(f"/api/v1/referrals/{referral_id}/contacts", body)
    assert answer.status_code == 422
    assert answer.json()["detail"] == [
        {"field": "reached", "rule": "required", "message": "say whether you reached the person"}
    ]
    assert not Contact.objects.exists()


def test_a_referral_carries_the_days_waited_to_first_contact(lw):
    person_id = new_person(lw).json()["id"]
    referral_id = new_referral(lw, person_id, received_on="2026-11-02").json()["id"]
    assert lw.get(f"/api/v1/referrals/{referral_id}").json()["days_waited"] is None
    lw.post(f"/api/v1/referrals/{referral_id}/contacts", contact("no_response", occurred_at="2026-11-04T10:00:00Z"))
    assert lw.get(f"/api/v1/referrals/{referral_id}").json()["days_waited"] is None  # nobody answered
    lw.post(f"/api/v1/referrals/{referral_id}/contacts", contact("accepted", occurred_at="2026-11-09T23:30:00Z"))
    assert lw.get(f"/api/v1/referrals/{referral_id}").json()["days_waited"] == 7  # 9 November in London
