"""axe on every page (issue 8): nothing serious or critical, and no heading-order problem, on any page of any role.

The inventory is the access matrix (tests/test_access_matrix.py): every named page, and which roles get it (200). Each
role signs in (a session made by the test client, not the sign-in form: that page is checked anonymously) and visits
each of its pages with records behind them: an episode with a contact, a code, a plan and goal, a measure and a
connection the service accepted and reported on. Anonymous visitors get the public pages and the sign-in page. Every
problem on every page is listed in one failure.
"""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from playwright.sync_api import Page

from linkwork.community.models import CapacityStatement, QualityAssessment
from linkwork.connections import services as connection_services
from linkwork.connections.models import Connection
from linkwork.core.auditor import Auditor
from linkwork.measures.services import MeasureDetails, record_measure
from linkwork.organisations.tests.factories import OrganisationFactory
from linkwork.referrals.models import Referral
from tests.system.conftest import check_accessibility
from tests.test_access_matrix import ALL, PAGES, PUBLIC, fill, walk

pytestmark = pytest.mark.browser

NOT_HTML = {"coding:worklist_csv", "plans:pdf"}
# Pages a signed-out visitor sees beyond the public ones, with their status: signing in (which sends a signed-in user
# on) and the locked-out page.
ANONYMOUS_EXTRA = {"accounts:sign_in": 200, "accounts:locked_out": 429}


@pytest.fixture
def richer(world, records):
    """The access matrix's records, with what makes each page show its fuller state: capacity, the connection
    accepted and reported on (so its history has both kinds of entry), and a measure."""
    CapacityStatement.objects.create(
        organisation=world.vcse, status="waiting_list", typical_wait_days=14, stated_on=timezone.localdate()
    )
    partner = world.user("vcse_partner")
    connection = Connection.objects.get(pk=records["connection_id"])
    connection = connection_services.change_status(
        connection, "accepted", expected_start_on=timezone.localdate(), user=partner, auditor=Auditor(partner)
    )
    connection_services.record_engagement(
        connection, "engaged", connection.sent_on, "Came along", user=partner, auditor=Auditor(partner)
    )
    lw = world.user("link_worker")
    referral = Referral.objects.get(pk=records["referral_id"])
    record_measure(referral, MeasureDetails("ons4", date(2026, 11, 3), [6, 7, 5, 3]), user=lw, auditor=Auditor(lw))
    QualityAssessment.objects.create(
        organisation=world.vcse,
        pcn=world.pcn,
        sheet="vcse_provider",
        assessed_on=date(2026, 10, 1),
        notes="Met the manager",
        confident=True,
        created_by=lw,
    )
    # An organisation with no agreement to connect: its quality page warns that nobody can be connected there.
    bare = OrganisationFactory(kind="community_group", name="Knit and natter group", parent=world.icb)
    return {**records, "bare_organisation_id": bare.pk}


def sign_in_as(page: Page, live_server, user) -> None:
    """A signed-in session for `user` in the page's browser context, without going through the sign-in form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def visit_all(page: Page, paths: list[tuple[str, str, int]], who: str) -> list[str]:
    problems = []
    for name, path, status in paths:
        response = page.goto(path)
        if response is None or response.status != status or response.request.redirected_from is not None:
            answer = "nothing" if response is None else f"{response.status} at {response.url}"
            problems.append(f"{who} {name} {path}: answered {answer}")
            continue
        try:
            check_accessibility(page, f"{who}: {name}")
        except pytest.fail.Exception as exc:
            problems.append(str(exc))
    return problems


@pytest.mark.parametrize("role", ALL)
def test_every_page_of_every_role_passes_axe(page: Page, live_server, world, richer, role):
    routes = dict(walk(get_resolver().url_patterns))
    paths = [
        (name, fill(routes[name], richer), 200)
        for name, expected in PAGES.items()
        if expected[role] == 200 and name not in NOT_HTML
    ]
    if PAGES["community:quality_organisation"][role] == 200:
        bare = fill(routes["community:quality_organisation"], {"organisation_id": richer["bare_organisation_id"]})
        paths.append(("community:quality_organisation (no agreement)", bare, 200))
    sign_in_as(page, live_server, world.user(role))
    problems = visit_all(page, paths, role)
    assert not problems, f"{len(problems)} page(s) of {len(paths)} fail for {role}:\n\n" + "\n\n".join(problems)


def test_every_public_page_passes_axe_without_signing_in(page: Page, live_server, world, richer):
    routes = dict(walk(get_resolver().url_patterns))
    paths = [(name, fill(routes[name], richer), ANONYMOUS_EXTRA.get(name, 200)) for name in sorted(PUBLIC)]
    paths += [(name, fill(routes[name], richer), status) for name, status in ANONYMOUS_EXTRA.items()]
    problems = visit_all(page, paths, "anonymous")
    assert not problems, f"{len(problems)} public page(s) fail:\n\n" + "\n\n".join(problems)


def test_the_inventory_is_the_access_matrix():
    """Every page the matrix lists is either visited by some role, or named here as not a page to look at."""
    visited = {name for name, expected in PAGES.items() if 200 in expected.values()} | set(ANONYMOUS_EXTRA)
    # Only POST actions (which answer GET with 405) are not looked at.
    assert set(PAGES) - visited == {"accounts:sign_out", "casework:reassign", "coding:entered"}
