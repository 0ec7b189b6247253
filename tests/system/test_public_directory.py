"""The public directory in a real browser, without signing in: search, open a service, and axe on every page.
Opening the service counts one view and stores nothing about who looked."""

import re

import pytest
from playwright.sync_api import Page, expect

from linkwork.community.models import Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory
from tests.system.test_main_journey import choose, sign_in

pytestmark = pytest.mark.browser


def test_find_a_service_in_the_public_directory_without_signing_in(page: Page, live_server, world, axe_check):
    shed = OrganisationFactory(kind="community_group", name="Hunslet Men's Shed")
    ServiceFactory(
        organisation=shed,
        name="Woodwork mornings",
        category="peer_support",
        description="Make things, have a brew and a chat.\n\nTools provided.",
        schedule="Wednesdays 10am to 12 noon",
        location_name="The old library",
        postcode="LS10 1AB",
        contact_phone="0113 496 0000",
        contact_email="shed@example.org",
        website="https://example.org/shed",
        public=True,
    )
    ServiceFactory(name="Woodwork for staff only", category="peer_support", postcode="LS10 2AB", public=False)
    ServiceFactory(name="Allotment club", category="nature", postcode="LS1 4AP", public=True)
    audit_rows = AuditLog.objects.count()

    page.goto("/public/directory")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find local support")
    axe_check(page, "public directory")

    page.get_by_label("Search by words").fill("woodwork")
    page.get_by_label("Postcode or area").fill("LS10")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 service found")).to_be_visible()
    expect(page.get_by_text("Woodwork for staff only")).to_have_count(0)
    expect(page.get_by_text("Allotment club")).to_have_count(0)
    axe_check(page, "public directory search results")

    page.get_by_label("Postcode or area").fill("Leeds")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile(r"^Error: Find local support"))
    expect(page.locator(".nhsuk-error-summary").get_by_role("link")).to_have_attribute("href", "#id_place")
    axe_check(page, "public directory with a bad place")

    page.get_by_label("Postcode or area").fill("")
    page.get_by_label("Kind of support").select_option(label="Peer support")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Woodwork mornings").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Woodwork mornings")
    expect(page.get_by_text("Wednesdays 10am to 12 noon")).to_be_visible()
    expect(page.get_by_role("link", name="shed@example.org")).to_have_attribute("href", "mailto:shed@example.org")
    expect(page.get_by_text("Hunslet Men's Shed").first).to_be_visible()
    axe_check(page, "public service page")

    assert Service.objects.get(name="Woodwork mornings").public_views == 1
    assert AuditLog.objects.count() == audit_rows
    page.goto(f"/public/directory/services/{Service.objects.get(public=False).pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_a_link_worker_keeps_the_directory_and_prints_a_menu(page: Page, live_server, world, axe_check):
    ServiceFactory(organisation=world.vcse, name="Befriending calls", category="befriending", postcode="LS1 4AP")
    sign_in(page, world.user("link_worker"))
    page.get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community directory")
    axe_check(page, "staff directory")

    page.get_by_role("button", name="Add a service").click()
    page.get_by_role("button", name="Save the service").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a service"))
    axe_check(page, "add a service, with errors")
    page.get_by_label("Organisation", exact=True).select_option(label="Good Neighbours")
    page.get_by_label("Name of the service").fill("Knit and natter")
    page.get_by_label("Kind of support").select_option(label="Local neighbourhood groups")
    page.get_by_label("When it runs").fill("Tuesdays 10am")
    page.get_by_label("Postcode", exact=True).fill("ls1 5aa")
    page.get_by_role("button", name="Save the service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knit and natter")
    expect(page.get_by_text("Knit and natter added to the directory.")).to_be_visible()
    axe_check(page, "a service, staff view")

    page.get_by_role("link", name=re.compile("Record capacity")).click()
    choose(page, "Can the organisation take more people?", "Has a waiting list")
    page.get_by_label("Typical wait, in days").fill("14")
    page.get_by_role("button", name="Record capacity").click()
    expect(page.get_by_text("Waiting list, typical wait 14 days")).to_be_visible()
    axe_check(page, "capacity")

    page.goto("/directory?place=LS1")
    expect(page.get_by_role("heading", name="2 services found")).to_be_visible()
    expect(page.get_by_text("Waiting list, typical wait 14 days")).to_have_count(2)

    page.goto("/directory/menu")
    expect(page.get_by_role("heading", name="Befriending", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Local neighbourhood groups")).to_be_visible()
    axe_check(page, "printable menu")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Show the menu")).to_be_hidden()


def test_find_services_near_a_postcode_nearest_first(page: Page, live_server, world, axe_check):
    from linkwork.geography.models import Postcode

    Postcode.objects.create(postcode="LS1 4AP", latitude=53.7968, longitude=-1.5437)
    Postcode.objects.create(postcode="LS6 2AB", latitude=53.8200, longitude=-1.5700)
    Postcode.objects.create(postcode="BD1 1AA", latitude=53.7950, longitude=-1.7520)
    ServiceFactory(name="Hyde Park benefits check", category="money_welfare", postcode="LS6 2AB", public=True)
    ServiceFactory(name="City debt advice", category="money_welfare", postcode="LS1 4AP", public=True)
    ServiceFactory(name="Bradford welfare rights", category="money_welfare", postcode="BD1 1AA", public=True)

    page.goto("/public/directory")
    page.get_by_label("Search by words").fill("money advice")
    page.get_by_label("Postcode or area").fill("ls1 4ap")
    page.get_by_label("Distance from a full postcode").select_option(label="5 miles")
    page.get_by_role("button", name="Search").click()
    heading = "2 services found within 5 miles of LS1 4AP, nearest first"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("City debt advice")
    expect(rows.nth(0)).to_contain_text("less than 0.1 miles")
    expect(rows.nth(1)).to_contain_text("Hyde Park benefits check")
    expect(rows.nth(1)).to_contain_text("1.9 miles")
    expect(page.get_by_text("Bradford welfare rights")).to_have_count(0)
    axe_check(page, "public directory near a postcode")

    page.get_by_label("Postcode or area").fill("LS1 5ZZ")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("We cannot find where LS1 5ZZ is")
    axe_check(page, "public directory with a postcode it cannot place")
