"""Sign-in emails are one account whatever their capitalisation; repeated bad API tokens from one address are
throttled."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from linkwork.accounts.models import User
from linkwork.accounts.tests.factories import PASSWORD, UserFactory, token_for


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lee(world):
    return UserFactory(role="link_worker", organisation=world.pcn, email="lee@example.nhs.uk")


def _sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/sign-in", {"username": email, "password": password})


def test_any_capitalisation_of_the_email_signs_in(lee):
    for typed in ("Lee@Example.NHS.uk", "LEE@EXAMPLE.NHS.UK", "  lee@example.nhs.uk "):
        client = Client()
        response = _sign_in(client, typed)
        assert response.status_code == 302 and "/accounts/sign-in" not in response["Location"], typed
        assert client.session["_auth_user_id"] == str(lee.pk)


def test_the_lockout_counts_every_capitalisation_as_one_account(lee):
    client = Client()
    for typed in (
        "Lee@Example.NHS.uk",
        "lee@example.nhs.uk",
        "LEE@example.nhs.uk",
        "lee@EXAMPLE.nhs.uk",
        "lee@x.NHS.UK",
    ):
        _sign_in(client, typed.replace("x.NHS", "example.NHS"), password="wrong password")
    locked = _sign_in(client, "lee@example.nhs.uk")
    assert locked.status_code in (302, 429)
    assert "_auth_user_id" not in client.session


def test_createuser_stores_the_email_lower_case_and_refuses_a_capitalised_duplicate(world):
    call_command("createuser", "--email", "Sam@Example.NHS.uk", "--role", "link_worker", "--organisation", "U11111")
    assert User.objects.filter(email="sam@example.nhs.uk").exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command("createuser", "--email", "SAM@example.nhs.uk", "--role", "link_worker", "--organisation", "U11111")
    assert User.objects.filter(email__iexact="sam@example.nhs.uk").count() == 1


def test_every_save_stores_the_email_lower_case(lee):
    lee.email = "Lee.Worker@Example.NHS.uk"
    lee.save()
    assert User.objects.filter(pk=lee.pk).values_list("email", flat=True).get() == "lee.worker@example.nhs.uk"
    made = User.objects.create_user("New.Person@Example.nhs.uk", role="admin", organisation=lee.organisation)
    assert made.email == "new.person@example.nhs.uk"


def test_the_migration_lower_cases_stored_emails_and_refuses_clashes(lee, world):
    migration = importlib.import_module("linkwork.accounts.migrations.0003_lower_case_emails")
    User.objects.filter(pk=lee.pk).update(email="Lee@Example.NHS.uk")  # as stored before this change
    migration.lower_case_emails(apps, None)
    assert User.objects.get(pk=lee.pk).email == "lee@example.nhs.uk"
    other = UserFactory(role="link_worker", organisation=world.pcn, email="other@example.nhs.uk")
    User.objects.filter(pk=other.pk).update(email="LEE@example.nhs.uk")
    with pytest.raises(RuntimeError, match=r"lee@example\.nhs\.uk"):
        migration.lower_case_emails(apps, None)


@override_settings(LINKWORK_API_TOKEN_FAILURE_LIMIT=3, LINKWORK_API_TOKEN_FAILURE_WINDOW=120)
def test_repeated_bad_tokens_from_one_address_are_throttled(world):
    good = token_for(world.user("link_worker"))

    def get(token, address="192.0.2.10"):
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address).get("/api/v1/people")

    assert get(good).status_code == 200
    for _ in range(3):
        assert get("lw_guess").status_code == 401
    throttled = get("lw_guess")
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "120"
    assert throttled.json() == {
        "detail": [
            {"field": "Authorization", "rule": "rate_limit", "message": throttled.json()["detail"][0]["message"]}
        ]
    }
    # Until the window ends, not even a good token from that address gets through: no guessing around the limit.
    assert get(good).status_code == 429
    # Another address is not affected.
    assert get(good, address="192.0.2.99").status_code == 200
    assert get("lw_guess", address="192.0.2.99").status_code == 401


@override_settings(LINKWORK_API_TOKEN_FAILURE_LIMIT=3)
def test_requests_without_a_token_are_not_counted_as_bad_tokens(world):
    client = Client(REMOTE_ADDR="192.0.2.20")
    for _ in range(5):
        assert client.get("/api/v1/people").status_code == 401
    token = token_for(world.user("link_worker"))
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR="192.0.2.20").get("/api/v1/people").status_code == 200
    )
