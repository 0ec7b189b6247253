"""Requests the API cannot use answer in the documented JSON shape, never with an HTML page or a 500: bodies too
large (413), not JSON or nested too deeply (400), unknown URLs (404), wrong methods (405), server errors (500)."""

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from linkwork.accounts.tests.factories import token_for
from linkwork.community.models import Service
from linkwork.core.models import AuditLog

PEOPLE = "/api/v1/people"
OPENREFERRAL = "/api/v1/directory/openreferral"
DEEP = "[" * 100_000 + "]" * 100_000


def _post(client, path, body: str | bytes, **extra):
    return client.client.post(path, body, content_type="application/json", **client._headers(extra))


def _field_errors(response) -> list[tuple[str, str]]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"detail"}
    assert all(set(e) == {"field", "rule", "message"} and e["message"] for e in body["detail"])
    return [(e["field"], e["rule"]) for e in body["detail"]]


def test_a_body_larger_than_the_api_limit_answers_413_before_it_is_read(world, api):
    client = api(world.user("link_worker"))
    body = json.dumps({"given_name": "x" * settings.LINKWORK_API_MAX_BODY_BYTES})
    response = _post(client, PEOPLE, body)
    assert response.status_code == 413
    assert _field_errors(response) == [("body", "max_size")]


def test_the_limit_is_the_declared_length(world, api):
    # A client declaring more than the limit is refused without the server reading a byte of it.
    client = api(world.user("pcn_manager"))
    declared = settings.LINKWORK_API_LARGE_BODY_ROUTES[OPENREFERRAL] + 1
    response = _post(client, OPENREFERRAL, b"[]", CONTENT_LENGTH=str(declared))
    assert response.status_code == 413
    assert _field_errors(response) == [("body", "max_size")]
    response = _post(client, PEOPLE, b"{}", CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert _field_errors(response) == [("request", "bad_request")]


def test_the_open_referral_import_takes_more_than_other_routes(world, api):
    client = api(world.user("pcn_manager"))
    # Over the API limit and over Django's own 2.5 MB: an organization with a long description, checked in full.
    document = [{"id": "not-a-uuid", "name": "Big", "description": "x" * (3 * 1024 * 1024)}]
    response = _post(client, f"{OPENREFERRAL}?dry_run=true", json.dumps(document))
    assert response.status_code == 422
    assert response.json()["ok"] is False


@pytest.mark.parametrize("body", ["{oops", "", "\xff", '{"a": 1} trailing', "NaN-ish"])
def test_a_body_that_is_not_json_answers_400(world, api, body):
    client = api(world.user("link_worker"))
    response = _post(client, PEOPLE, body.encode("latin-1") if body == "\xff" else body)
    if body == "":
        # No body at all is a missing payload: the schema says which fields are required.
        assert response.status_code == 422
        return
    assert response.status_code == 400
    assert _field_errors(response) == [("body", "json")]


@pytest.mark.parametrize("path", [PEOPLE, OPENREFERRAL, "/api/v1/referrals"])
def test_deeply_nested_json_answers_400_on_every_route(world, api, path):
    client = api(world.user("pcn_manager"))
    response = _post(client, path, DEEP)
    assert response.status_code == 400
    assert _field_errors(response) == [("body", "depth")]


def test_nesting_is_bounded_below_what_any_validator_would_choke_on(world, api):
    client = api(world.user("pcn_manager"))
    limit = settings.LINKWORK_JSON_MAX_DEPTH
    too_deep = "[" * (limit + 1) + "]" * (limit + 1)
    assert _field_errors(_post(client, OPENREFERRAL, too_deep)) == [("body", "depth")]
    # At the limit the document is read, and refused for what it says, not how it nests.
    at_limit = "[" * limit + "]" * limit
    response = _post(client, OPENREFERRAL, at_limit)
    assert response.status_code == 422 and response.json()["ok"] is False
    assert not Service.objects.exists()


def test_the_import_command_refuses_deep_nesting_with_a_message(world, tmp_path):
    target = tmp_path / "deep.json"
    target.write_text(DEEP, encoding="utf-8")
    with pytest.raises(CommandError, match="nests more than"):
        call_command("import", "openreferral", str(target), "--user", world.user("pcn_manager").email)


def test_depth_counts_objects_and_arrays():
    from linkwork.core.json_input import load_json

    assert load_json("1") == 1
    assert load_json('{"a": [{"b": []}]}', max_depth=4) == {"a": [{"b": []}]}
    with pytest.raises(Exception, match="nests more than 3"):
        load_json('{"a": [{"b": []}]}', max_depth=3)


def test_unknown_api_urls_answer_json_404(world, api):
    for client in (api(world.user("link_worker")), api()):
        for path in ("/api/v1/nothing-here", "/api/v2/people", "/api/v1/people/not-a-uuid/measures/x"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert response["Content-Type"].startswith("application/json")
            assert response.json() == {"detail": "Not Found"}


def test_wrong_methods_answer_json_405_with_allow(world, api):
    client = api(world.user("link_worker"))
    response = client.client.delete(PEOPLE, **client._headers({}))
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Method Not Allowed"}
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_server_errors_under_the_api_answer_json_500(world, monkeypatch):
    token = token_for(world.user("link_worker"))

    def broken(raw):
        raise RuntimeError("the token store is down")

    monkeypatch.setattr("linkwork.accounts.api_auth.user_for_token", broken)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get(PEOPLE)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Internal Server Error"}
    assert "the token store is down" not in response.content.decode()


def test_pages_outside_the_api_still_answer_html(world, client):
    client.force_login(world.user("link_worker"))
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_nothing_is_stored_or_audited_for_a_refused_body(world, api):
    client = api(world.user("link_worker"))
    before = AuditLog.objects.count()
    _post(client, PEOPLE, DEEP)
    _post(client, PEOPLE, "{oops")
    assert AuditLog.objects.count() == before


def test_text_holding_the_nul_character_answers_422_naming_the_field(world, api):
    # PostgreSQL cannot store or compare text with NUL in it: found by schemathesis as a 500 on PostgreSQL.
    client = api(world.user("link_worker"))
    body = {
        "nhs_number": "9434765919",
        "given_name": "Sam",
        "family_name": "Jones",
        "birth_date": "1980-05-17",
        "sex": "female",
        "postcode": "LS1 4AP",
        "gp_practice": "A1\u00001111",
    }
    before = AuditLog.objects.count()
    response = _post(client, PEOPLE, json.dumps(body))
    assert response.status_code == 422
    assert _field_errors(response) == [("gp_practice", "null_character")]
    nested = _post(
        client,
        "/api/v1/referrals/00000000-0000-0000-0000-000000000000/connections",
        '{"connections": [{"reason": "a\\u0000"}]}',
    )
    assert _field_errors(nested) == [("connections.0.reason", "null_character")]
    assert AuditLog.objects.count() == before


def test_a_query_holding_the_nul_character_answers_422(world, api):
    response = api(world.user("link_worker")).get(PEOPLE, {"nhs_number": "943\x00"})
    assert response.status_code == 422
    assert _field_errors(response) == [("nhs_number", "null_character")]
