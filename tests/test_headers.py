"""Every response carries a strict Content-Security-Policy that the page itself keeps to, and nothing Django
renders may be stored by a browser or proxy (Cache-Control: no-store)."""

import re
from datetime import date

import pytest
from django.test import Client

from linkwork.accounts.tests.factories import token_for
from linkwork.core.auditor import Auditor
from linkwork.plans.services import save_care_plan


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.fixture
def pages(world, referral):
    user = world.user("link_worker")
    save_care_plan(
        referral, {"what_matters": "Family", "review_on": date(2026, 12, 1)}, user=user, auditor=Auditor(user)
    )
    return [
        "/caseload",
        f"/people/{referral.person_id}",
        f"/referrals/{referral.pk}/care-plan",
        f"/referrals/{referral.pk}/care-plan/print",
        "/directory",
        "/directory/menu",
        "/no-such-page",
    ]


def test_the_policy_is_strict(client):
    policy = _policy(client.get("/accounts/sign-in"))
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
        assert not [s for s in policy[directive] if s.startswith("http") or s == "*"], directive


def test_every_page_keeps_to_its_own_policy(world, client, pages):
    client.force_login(world.user("link_worker"))
    public = Client()
    responses = [client.get(path) for path in pages]
    responses += [public.get(path) for path in ("/accounts/sign-in", "/public/directory", "/public/self-referral")]
    for response in responses:
        html = response.content.decode()
        policy = _policy(response)
        where = response.wsgi_request.path
        assert response.status_code in (200, 404), where
        nonces = [s.removeprefix("'nonce-").removesuffix("'") for s in policy["style-src"] if s.startswith("'nonce-")]
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL):
            if "src=" in attributes or 'type="application/json"' in attributes:
                continue
            # The NHS.UK template's one inline script, allowed by its hash and nothing else.
            from linkwork.config.csp import nhsuk_template_script_hash

            assert nhsuk_template_script_hash() in policy["script-src"], where
            assert body == re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL)[0], where
        for attributes in re.findall(r"<style([^>]*)>", html):
            found = re.search(r'nonce="([^"]*)"', attributes)
            assert found and found.group(1) in nonces, f"<style> without this response's nonce on {where}"
        assert not re.search(r"\sstyle=", html), f"a style= attribute on {where}"
        assert not re.search(r"\son[a-z]+=", html), f"an inline event handler on {where}"


def test_api_answers_carry_the_policy_too(world, api):
    response = api(world.user("link_worker")).get("/api/v1/people")
    assert _policy(response)["default-src"] == ["'self'"]


def test_nothing_rendered_may_be_stored(world, api, pages):
    signed_in = Client()
    signed_in.force_login(world.user("link_worker"))
    anonymous = Client()
    token = token_for(world.user("link_worker"))
    responses = [signed_in.get(path) for path in pages]
    responses += [anonymous.get(path) for path in ("/accounts/sign-in", "/public/self-referral", "/caseload")]
    responses += [
        Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(path)
        for path in ("/api/v1/people", "/api/v1/referrals", "/api/v1/nothing", "/api/v1/openapi.json")
    ]
    responses.append(anonymous.get("/api/v1/people"))  # 401
    for response in responses:
        assert "Cache-Control" in response, response.wsgi_request.path
        # Django's own never_cache (the sign-in page) says more, including no-store.
        assert "no-store" in response["Cache-Control"].split(", "), response.wsgi_request.path
