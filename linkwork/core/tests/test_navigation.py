import pytest
from django.test import Client

EXPECTED_HOME = {
    "link_worker": "/caseload",
    "pcn_manager": "/caseload",
    "practice_staff": "/coding/worklist",
    "admin": "/audit",
}


@pytest.mark.parametrize(("role", "home"), EXPECTED_HOME.items())
def test_each_role_starts_on_its_working_page(world, role, home):
    client = Client()
    client.force_login(world.user(role))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == home


@pytest.mark.parametrize("role", ["commissioner", "vcse_partner"])
def test_roles_without_a_page_yet_get_a_plain_home(world, role):
    client = Client()
    client.force_login(world.user(role))
    html = client.get("/").content.decode()
    assert "never a person's record" in html or "only the connections sent to their organisation" in html


def test_navigation_shows_only_what_the_role_may_use(world):
    client = Client()
    client.force_login(world.user("practice_staff"))
    html = client.get("/coding/worklist").content.decode()
    assert 'href="/coding/worklist"' in html and 'href="/referrals/made"' in html
    assert 'href="/caseload"' not in html and 'href="/audit"' not in html
