"""Onward connections in a real browser, checking every page with axe as it goes: a link worker connects a
person to two services in one go; the VCSE partner signs in, accepts one and declines the other; the link worker
sees both outcomes on the person's page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.connections.models import Connection
from linkwork.connections.tests.factories import connectable_service
from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.tests.factories import make_plan
from linkwork.referrals.tests.factories import ReferralFactory
from tests.system.test_main_journey import choose, fill_date, long_date, sign_in, sign_out

pytestmark = pytest.mark.browser


def fill_row(page: Page, service_name: str, kind: str, reason: str, shared: list[str]) -> None:
    row = page.get_by_role("group", name=service_name, exact=True)
    row.get_by_role("group", name="Kind of connection").get_by_label(kind, exact=True).check()
    row.get_by_label(f"Why the person is being connected to {service_name}").fill(reason)
    sharing = row.get_by_role("group", name="What the person agreed to share with the service")
    for label in shared:
        sharing.get_by_label(label, exact=True).check()
    row.get_by_label(re.compile("The person agreed to this connection")).check()


def test_connect_to_two_services_partner_accepts_one_and_declines_the_other(page: Page, live_server, world, axe_check):
    link_worker = world.user("link_worker")
    partner = world.user("vcse_partner")
    today = timezone.localdate()
    person = PersonFactory(gp_practice=world.practice, given_name="Ada", family_name="Okafor")
    referral = ReferralFactory(
        person=person, received_on=today - timedelta(days=20), status="active", assigned_to=link_worker
    )
    make_plan(referral, link_worker, what_matters="My grandchildren. The allotment on Sundays.")
    connectable_service(world.vcse, world.pcn, name="Knit and natter", category="befriending")
    connectable_service(world.vcse, world.pcn, name="Allotment group", category="befriending")

    # The link worker connects Ada to both services from her page.
    sign_in(page, link_worker)
    page.goto(f"/people/{person.pk}")
    episode = page.locator(f"#episode-{referral.pk}")
    expect(episode).to_contain_text("No connections yet.")
    episode.get_by_role("link", name=re.compile("^Connect to services")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connect to services")
    axe_check(page, "choose services")
    services = page.get_by_role("group", name="Services to connect the person to")
    services.get_by_label("Knit and natter (Good Neighbours)").check()
    services.get_by_label("Allotment group (Good Neighbours)").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=2, name="Knit and natter")).to_be_visible()
    axe_check(page, "connection details")
    # Sharing without consent is refused, and the error summary says so (nothing is sent).
    page.get_by_role("group", name="Knit and natter", exact=True).get_by_label("Referral", exact=True).check()
    page.get_by_role("button", name="Send the connections").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe_check(page, "connection details with errors")
    assert not Connection.objects.exists()

    fill_row(
        page,
        "Knit and natter",
        "Referral",
        "Lonely since her husband died",
        ["Name", "What matters to them (from their plan)"],
    )
    fill_row(page, "Allotment group", "Supported signposting", "Loves gardening", ["Name"])
    page.get_by_role("button", name="Send the connections").click()
    expect(page.get_by_role("status")).to_contain_text("Connection sent to")
    episode = page.locator(f"#episode-{referral.pk}")
    connections = episode.get_by_role("table", name=re.compile("^Connections to services"))
    expect(connections).to_contain_text("Knit and natter")
    expect(connections).to_contain_text("Allotment group")
    expect(connections.get_by_text("Still waiting")).to_have_count(2)
    axe_check(page, "person page with connections")
    sign_out(page)

    # The VCSE partner sees both, with only what Ada agreed to share; accepts one and declines the other.
    sign_in(page, partner)
    page.get_by_role("link", name="Connections", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connections sent to you")
    axe_check(page, "partner's connections")
    rows = page.get_by_role("table", name="Connections sent to your organisation")
    expect(rows.get_by_role("link", name="Ada Okafor")).to_have_count(2)

    page.get_by_role("row", name=re.compile("Knit and natter")).get_by_role("link", name="Ada Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connection to Knit and natter")
    main = page.get_by_role("main")
    expect(main).to_contain_text("My grandchildren.")
    expect(main).not_to_contain_text(person.formatted_nhs_number)
    expect(main).not_to_contain_text(person.postcode)
    expect(main).not_to_contain_text("Lonely since her husband died")  # the reason was not shared
    axe_check(page, "partner's connection")
    page.get_by_role("button", name="Accept, decline or update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update the connection")
    axe_check(page, "update the connection")
    start = today + timedelta(days=6)
    choose(page, "New status", "Accepted")
    fill_date(page, "Expected start (when accepting)", start)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Connection now accepted.")

    page.get_by_role("link", name="Connections sent to you").click()
    page.get_by_role("row", name=re.compile("Allotment group")).get_by_role("link", name="Ada Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connection to Allotment group")
    page.get_by_role("button", name="Accept, decline or update").click()
    choose(page, "New status", "Declined")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why the service cannot take the person on")
    axe_check(page, "decline without a reason")
    page.get_by_label("Reason").fill("No plots free until spring")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Connection now declined.")
    sign_out(page)

    # The link worker sees both outcomes on Ada's page.
    sign_in(page, link_worker)
    page.goto(f"/people/{person.pk}")
    connections = page.locator(f"#episode-{referral.pk}").get_by_role(
        "table", name=re.compile("^Connections to services")
    )
    knit = connections.get_by_role("row", name=re.compile("Knit and natter"))
    expect(knit).to_contain_text("Accepted")
    expect(knit).to_contain_text(f"Expected to start {long_date(start)}")
    allotment = connections.get_by_role("row", name=re.compile("Allotment group"))
    expect(allotment).to_contain_text("Declined")
    expect(allotment).to_contain_text("No plots free until spring")
    expect(connections.get_by_text("Still waiting")).to_have_count(1)  # accepted, not yet seen
    axe_check(page, "person page with both outcomes")
