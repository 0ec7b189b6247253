import re

import pytest
from django.test import Client

EXPECTED_HOME = {
    "link_worker": "/caseload",
    "pcn_manager": "/caseload",
    "practice_staff": "/coding/worklist",
    "vcse_partner": "/partner/connections",
    "admin": "/audit",
}
PUBLIC_LINKS = {
    "/public/directory": "Find community services",
    "/public/self-referral": "Refer yourself to a link worker",
}


def header_links(html: str) -> dict[str, str]:
    """{href: text} of the header's navigation."""
    nav = re.search(r'<nav class="nhsuk-header__navigation.*?</nav>', html, re.S)
    if nav is None:
        return {}
    link = r'<a\s[^>]*class="nhsuk-header__navigation-link" href="([^"]*)"[^>]*>(.*?)</a>'
    links = re.findall(link, nav.group(0), re.S)
    return {href.replace("&amp;", "&"): re.sub(r"<[^>]+>", "", text).strip() for href, text in links}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("role", "home"), EXPECTED_HOME.items())
def test_each_role_starts_on_its_working_page(world, role, home):
    response = signed_in(world.user(role)).get("/")
    assert response.status_code == 302 and response["Location"] == home


def test_commissioners_keep_a_plain_home_until_their_reports_come(world):
    html = signed_in(world.user("commissioner")).get("/").content.decode()
    assert "never a person's record" in html


def test_navigation_shows_only_what_the_role_may_use(world):
    html = signed_in(world.user("practice_staff")).get("/coding/worklist").content.decode()
    assert 'href="/coding/worklist"' in html and 'href="/referrals/made"' in html
    assert 'href="/caseload"' not in html and 'href="/audit"' not in html


@pytest.mark.parametrize("role", ["link_worker", "pcn_manager", "gp_supervisor"])
def test_pcn_roles_reach_quality_assurance(world, role):
    links = header_links(signed_in(world.user(role)).get("/directory").content.decode())
    assert links["/quality"] == "Quality assurance" and links["/directory"] == "Directory"
    assert "/partner/survey" not in links and "/partner/connections" not in links


def test_a_vcse_partner_has_the_partner_portal(world):
    user = world.user("vcse_partner")
    links = header_links(signed_in(user).get("/partner/connections").content.decode())
    assert links == {
        "/partner/connections": "Connections",
        "/directory": "Our services",
        f"/directory/organisations/{user.organisation_id}/capacity": "Capacity",
        "/partner/survey": "Confidence survey",
    }


def test_the_partner_portal_pages_open_for_a_vcse_partner(world):
    client = signed_in(world.user("vcse_partner"))
    for href in header_links(client.get("/partner/connections").content.decode()):
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("role", ["practice_staff", "commissioner", "admin"])
def test_other_roles_see_no_quality_assurance_or_partner_portal(world, role):
    html = signed_in(world.user(role)).get("/", follow=True).content.decode()
    links = header_links(html)
    assert not {"/quality", "/partner/connections", "/partner/survey"} & set(links)
    assert "Our services" not in links.values() and "Capacity" not in links.values()


def test_anonymous_visitors_see_the_public_entry_points(client):
    html = client.get("/accounts/sign-in").content.decode()
    assert header_links(html) == PUBLIC_LINKS
    for href, text in PUBLIC_LINKS.items():
        assert f'<a href="{href}">{text}</a>' in html  # in the page as well as the header


@pytest.mark.parametrize(
    "path", ["/public/directory", "/public/self-referral", "/public/privacy", "/public/accessibility"]
)
def test_the_public_pages_show_the_public_links_not_the_staff_navigation(world, client, path):
    assert header_links(client.get(path).content.decode()) == PUBLIC_LINKS
    assert header_links(signed_in(world.user("link_worker")).get(path).content.decode()) == PUBLIC_LINKS
