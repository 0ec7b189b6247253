from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from linkwork.accounts.models import ApiToken, User, hash_token
from linkwork.accounts.tests.factories import PASSWORD
from linkwork.core.models import AuditLog
from linkwork.organisations.models import Organisation


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_provisioning_from_scripts_builds_organisations_and_users_with_a_token():
    run("createorg", "--kind", "icb", "--code", "qwe", "--name", "Test ICB")
    run("createorg", "--kind", "pcn", "--code", "U12345", "--name", "Riverside PCN", "--parent", "QWE")
    run("createorg", "--kind", "practice", "--code", "A81001", "--name", "Riverside Surgery", "--parent", "U12345")
    practice = Organisation.objects.get(code="A81001")
    assert practice.parent.code == "U12345" and practice.parent.parent.code == "QWE"
    output = run(
        "createuser",
        "--email",
        "Lee@Example.NHS.uk",
        "--role",
        "link_worker",
        "--organisation",
        "U12345",
        "--api-token",
    )
    token = output.strip().splitlines()[-1]
    user = User.objects.get(email="lee@example.nhs.uk")
    assert user.role == "link_worker" and user.organisation.code == "U12345" and not user.has_usable_password()
    assert ApiToken.objects.get(user=user).key_hash == hash_token(token)
    assert token not in str(list(ApiToken.objects.values()))
    assert AuditLog.objects.filter(actor_label="system:createuser", what="user").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "practice", "--code", "A1", "--name", "X"], "code must be 3-12"),
        (["--kind", "practice", "--code", "A81009", "--name", "X"], "a practice must have a parent pcn"),
        (["--kind", "pcn", "--code", "U99999", "--name", "X", "--parent", "NOPE"], "no organisation has code NOPE"),
    ],
)
def test_createorg_refuses_bad_input_naming_the_field(args, message):
    with pytest.raises(CommandError, match=message):
        run("createorg", *args)
    assert not Organisation.objects.exists()


def test_createuser_checks_the_role_fits_the_organisation(world):
    with pytest.raises(CommandError, match="organisation: a link_worker must belong to an organisation of kind pcn"):
        run("createuser", "--email", "x@example.nhs.uk", "--role", "link_worker", "--organisation", "A11111")
    with pytest.raises(CommandError, match="password"):
        run(
            "createuser",
            "--email",
            "y@example.nhs.uk",
            "--role",
            "link_worker",
            "--organisation",
            "U11111",
            "--password",
            "short",
        )
    assert not User.objects.filter(email__in=["x@example.nhs.uk", "y@example.nhs.uk"]).exists()


def test_every_page_needs_sign_in(world):
    response = Client().get("/caseload")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in")


def test_sign_in_and_out(world):
    client = Client()
    response = client.post("/accounts/sign-in", {"username": "link_worker@example.nhs.uk", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/caseload").status_code == 200
    client.post("/accounts/sign-out")
    assert client.get("/caseload").status_code == 302


def test_repeated_failures_lock_the_account(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/sign-in", {"username": "link_worker@example.nhs.uk", "password": "wrong"})
    locked = client.post("/accounts/sign-in", {"username": "link_worker@example.nhs.uk", "password": PASSWORD})
    assert locked.status_code in (302, 429)
    assert Client().get("/caseload").status_code == 302
    assert client.get("/caseload").status_code == 302  # still not signed in


def test_csrf_is_enforced_on_forms(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("link_worker"))
    assert client.post("/referrals/new", {}).status_code == 403
