"""Onward connections in a real browser, checking every page with axe as it goes: a link worker connects a
person to two services in one go; the VCSE partner signs in, accepts one and declines the other; the link worker
sees both outcomes on the person's page. Then the loop closes (issue 8): the partner reports that the person engaged,
with the day of their first session, and no page says the link worker is still waiting; and from another service's
page the link worker connects the person there, confirming the warning that its organisation is taking no one."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.community.models import CapacityStatement
from linkwork.connections.models import Connection
from linkwork.connections.tests.factories import connectable_service
from linkwork.organisations.tests.factories import OrganisationFactory
from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.tests.factories import make_plan
from linkwork.referrals.tests.factories import ReferralFactory
from tests.system.test_main_journey import (
    choose,
    confirmation,
    error_summary,
    fill_date,
    long_date,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser


def fill_row(page: Page, label: str, kind: str, reason: str, shared: list[str]) -> None:
    row = page.get_by_role("group", name=label, exact=True)
    row.get_by_role("group", name="Kind of connection").get_by_label(kind, exact=True).check()
    row.get_by_label(f"Why the person is being connected to {label}").fill(reason)
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
    # The directory to choose from, by category, each with its organisation's capacity.
    services = page.get_by_role("group", name="Befriending")
    services.get_by_label("Knit and natter (Good Neighbours)").check()
    services.get_by_label("Allotment group (Good Neighbours)").check()
    page.get_by_role("button", name="Continue").click()

    knit_label, allotment_label = "Knit and natter (Good Neighbours)", "Allotment group (Good Neighbours)"
    expect(page.get_by_role("heading", level=2, name="Befriending")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name=knit_label)).to_be_visible()
    axe_check(page, "connection details")
    # Sharing without consent is refused, and the error summary says so (nothing is sent).
    page.get_by_role("group", name=knit_label, exact=True).get_by_label("Referral", exact=True).check()
    page.get_by_role("button", name="Send the connections").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe_check(page, "connection details with errors")
    assert not Connection.objects.exists()

    fill_row(
        page,
        knit_label,
        "Referral",
        "Lonely since her husband died",
        ["Name", "What matters to them (from their plan)"],
    )
    fill_row(page, allotment_label, "Supported signposting", "Loves gardening", ["Name"])
    page.get_by_role("button", name="Send the connections").click()
    expect(confirmation(page)).to_contain_text("2 connections sent")
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
    expect(confirmation(page)).to_contain_text("Connection now accepted.")

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
    expect(confirmation(page)).to_contain_text("Connection now declined.")
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
    sign_out(page)

    # The service reports that Ada came, with the day of her first session.
    knit_connection = Connection.objects.get(referral=referral, service__name="Knit and natter")
    sign_in(page, partner)
    page.goto(f"/partner/connections/{knit_connection.pk}")
    page.get_by_role("button", name="Report engagement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report engagement")
    choose(page, "Did the person engage?", "Engaged")
    fill_date(page, "Date of their first session", today)
    page.get_by_label("What came of it").fill("Came and stayed for tea")
    page.get_by_role("button", name="Save").click()
    expect(confirmation(page)).to_contain_text("Engagement saved. The connection is now in progress.")
    history = page.get_by_role("table", name=re.compile("^Every change of status"))
    expect(history).to_contain_text("Engagement reported: Engaged")
    expect(history).to_contain_text(f"First session {long_date(today)}")
    axe_check(page, "partner's connection after engagement")
    sign_out(page)

    # One truth for the link worker: in progress, engaged, not waiting, and off the list to follow up.
    sign_in(page, link_worker)
    page.goto(f"/people/{person.pk}")
    episode = page.locator(f"#episode-{referral.pk}")
    knit = episode.get_by_role("table", name=re.compile("^Connections to services")).get_by_role(
        "row", name=re.compile("Knit and natter")
    )
    expect(knit).to_contain_text("In progress")
    expect(knit).to_contain_text(f"First seen {long_date(today)}")
    expect(episode.get_by_text("Still waiting")).to_have_count(0)
    episode.get_by_text(re.compile("^History of the connection to Knit and natter, sent")).click()
    expect(
        episode.get_by_role("table", name=re.compile("^History of the connection to Knit and natter"))
    ).to_contain_text("Engagement reported: Engaged")
    axe_check(page, "person page, the loop closed")
    page.get_by_role("banner").get_by_role("link", name="Connections to follow up").click()
    expect(page.get_by_text("Nothing to follow up.")).to_be_visible()

    # From another service's page: its organisation is taking no one, so sending needs the link worker to confirm.
    walkers = OrganisationFactory(kind="vcse", name="Hillside Walkers", parent=world.icb)
    walking = connectable_service(walkers, world.pcn, name="Walking group", category="physical_activity")
    CapacityStatement.objects.create(organisation=walkers, status="closed", stated_on=today)
    page.goto(f"/directory/services/{walking.pk}")
    expect(page.get_by_role("main")).to_contain_text("Not taking anyone")
    page.get_by_role("button", name="Connect a person to this service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connect a person to Walking group")
    axe_check(page, "connect a person to a service")
    page.get_by_role("link", name="Connect Ada Okafor to Walking group").click()
    walking_label = "Walking group (Hillside Walkers)"
    expect(page.get_by_role("heading", level=3, name=walking_label)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Hillside Walkers is not taking anyone at the moment")
    axe_check(page, "connection details, organisation taking no one")
    fill_row(page, walking_label, "Supported signposting", "Likes walking", ["Name"])
    page.get_by_role("button", name="Send the connections").click()
    expect(error_summary(page)).to_contain_text("Confirm you still want to send this connection")
    assert not Connection.objects.filter(service=walking).exists()
    axe_check(page, "sending to an organisation taking no one, not confirmed")
    page.get_by_label(re.compile("Send it anyway")).check()
    page.get_by_role("button", name="Send the connections").click()
    expect(confirmation(page)).to_contain_text("1 connection sent: Walking group.")
    assert Connection.objects.filter(service=walking, referral=referral, status="requested").count() == 1
