"""The API docs page and the staff pages work in a browser under the Content-Security-Policy: Swagger UI renders
the API from linkwork's own static files, nothing is fetched from another host, nothing is blocked."""

from urllib.parse import urlsplit

import pytest

from linkwork.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _watch(page, live_server):
    """Console messages about the policy, and every request that left for another host."""
    seen = {"csp": [], "elsewhere": []}
    own = urlsplit(live_server.url).netloc
    page.on(
        "console",
        lambda msg: seen["csp"].append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on(
        "request",
        lambda req: (
            seen["elsewhere"].append(req.url)
            if urlsplit(req.url).scheme in ("http", "https") and urlsplit(req.url).netloc != own
            else None
        ),
    )
    return seen


def test_swagger_ui_renders_the_api_from_our_own_files(page, live_server):
    seen = _watch(page, live_server)
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "linkwork API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-tag", has_text="people").first.wait_for()
    assert seen["csp"] == []
    assert seen["elsewhere"] == []


def test_pages_run_their_scripts_and_styles_under_the_policy(page, live_server, world):
    seen = _watch(page, live_server)
    page.goto("/accounts/sign-in")
    page.get_by_label("Email address").fill("LINK_WORKER@example.nhs.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/caseload")
    # The NHS.UK template's inline script (allowed by its hash) marks the page as having JavaScript.
    assert "js-enabled" in page.evaluate("document.body.className")
    page.goto("/directory/menu")
    # The menu's inline print styles (allowed by the nonce) apply.
    assert page.evaluate("document.styleSheets.length") >= 2
    assert [m for m in seen["csp"] if "font" not in m] == []
