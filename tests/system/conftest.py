"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server, with axe-core."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright

# The `world` fixture (organisations and a user in every role) lives with the unit tests' fixtures.
from linkwork.conftest import world  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
BLOCKING_IMPACTS = ("critical", "serious")
# Moderate by axe's measure, but blocking here: a skipped heading level breaks navigating a page by its headings.
BLOCKING_RULES = ("heading-order",)
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item so the page fixture can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium chromium-driver)")
    # Playwright's sync API runs an asyncio event loop in the test thread from here to the end of the session,
    # and Django refuses ORM calls from a thread with a running loop unless this is set. The tests touch the
    # database only between browser steps, from this one thread, so that is safe. Set here rather than at import
    # so that unit tests collected alongside keep Django's check when no browser test runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request) -> Page:
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    failed = any(
        getattr(request.node, f"report_{when}", None) and getattr(request.node, f"report_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
        (RESULTS_DIR / f"{name}.html").write_text(page.content(), encoding="utf-8")
    context.close()


DUPLICATE_IDS_JS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count} times)`);
}"""


def _describe(violation: dict) -> str:
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}", f"  {violation['helpUrl']}"]
    for node in violation["nodes"]:
        lines.append(f"    at {' '.join(str(t) for t in node['target'])}")
        lines.append(f"       {node['html'].strip()[:300]}")
        for summary_line in (node.get("failureSummary") or "").splitlines():
            lines.append(f"       {summary_line.strip()}")
    return "\n".join(lines)


def check_accessibility(page: Page, what: str = "") -> None:
    """Run axe-core on the page as it is now; fail on any serious or critical violation, or a heading-order one,
    listing each."""
    results = Axe().run(page)
    blocking = [
        v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS or v["id"] in BLOCKING_RULES
    ]
    if blocking:
        heading = f"{len(blocking)} blocking accessibility violation(s) on {what or page.url} ({page.url}):"
        pytest.fail("\n".join([heading, *(_describe(v) for v in blocking)]), pytrace=False)
    # axe-core 4.12 no longer checks for duplicate ids, but a duplicate id still breaks label `for`,
    # aria-describedby and error-summary links (the browser takes the first element with the id).
    duplicates = page.evaluate(DUPLICATE_IDS_JS)
    if duplicates:
        pytest.fail(f"Duplicate ids on {what or page.url} ({page.url}): {', '.join(duplicates)}", pytrace=False)


@pytest.fixture
def axe_check():
    return check_accessibility
