"""The directory's pages through HTTP: search, a service, adding and changing, capacity, the menu and the public
directory (no sign-in, counted but never who)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from linkwork.community.models import CapacityStatement, Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.models import AuditLog
from linkwork.core.tests.test_navigation import header_links
from linkwork.organisations.tests.factories import OrganisationFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


FORM = {
    "name": "Men's Shed",
    "category": "peer_support",
    "status": "active",
    "description": "Woodwork and a brew",
    "postcode": "ls10 1ab",
    "contact_email": "shed@example.org",
    "website": "https://example.org",
}


def test_search_shows_organisation_category_capacity_and_status(world):
    service = ServiceFactory(name="Health walks", category="physical_activity", organisation=world.vcse)
    ServiceFactory(name="Choir", category="arts")
    CapacityStatement.objects.create(
        organisation=world.vcse, status="waiting_list", typical_wait_days=14, stated_on="2026-11-01"
    )
    page = signed_in(world.user("link_worker")).get("/directory", {"q": "walks", "place": "LS1"})
    body = page.content.decode()
    assert page.status_code == 200
    assert f"/directory/services/{service.pk}" in body and "Choir" not in body
    assert "Good Neighbours" in body and "Physical activity support" in body
    assert "Waiting list, typical wait 14 days" in body and "Running" in body
    assert "1 service found" in body


def test_a_bad_place_is_shown_as_an_error_on_the_field(world):
    ServiceFactory()
    page = signed_in(world.user("link_worker")).get("/directory", {"place": "Leeds"})
    body = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in body and 'href="#id_place"' in body
    assert "0 services found" in body


def test_a_page_of_results_takes_the_same_queries_however_many_organisations(world):
    client = signed_in(world.user("link_worker"))
    for _ in range(3):
        CapacityStatement.objects.create(
            organisation=ServiceFactory().organisation, status="accepting", stated_on="2026-11-01"
        )
    with CaptureQueriesContext(connection) as few:
        client.get("/directory")
    for _ in range(20):
        CapacityStatement.objects.create(
            organisation=ServiceFactory().organisation, status="closed", stated_on="2026-11-01"
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get("/directory").content.decode()
    assert len(many) == len(few)
    assert "23 services found" in body


def test_results_are_paged(world, settings):
    settings.LINKWORK_PAGE_SIZE = 25
    for i in range(30):
        ServiceFactory(name=f"Group {i:02d}")
    client = signed_in(world.user("pcn_manager"))
    first = client.get("/directory", {"category": "befriending"}).content.decode()
    assert "Group 24" in first and "Group 25" not in first and "page=2" in first
    second = client.get("/directory", {"category": "befriending", "page": 2}).content.decode()
    assert "Group 25" in second and "Group 24" not in second


def test_a_link_worker_adds_a_service_for_any_provider(world):
    group = OrganisationFactory(kind="community_group", name="Hunslet Men's Shed")
    client = signed_in(world.user("link_worker"))
    form = client.get("/directory/services/new").content.decode()
    assert "Hunslet Men&#39;s Shed" in form and "Practice A11111" not in form
    response = client.post("/directory/services/new", {**FORM, "organisation": str(group.pk)})
    service = Service.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/directory/services/{service.pk}"
    assert service.organisation == group and service.postcode == "LS10 1AB"
    assert AuditLog.objects.filter(what="service", action="create", object_id=str(service.pk)).exists()


def test_bad_input_on_the_page_lists_every_problem_and_stores_nothing(world):
    client = signed_in(world.user("link_worker"))
    response = client.post(
        "/directory/services/new", {**FORM, "name": "", "postcode": "nowhere", "contact_email": "x", "organisation": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.count('class="nhsuk-error-message"') == 4
    assert 'href="#id_organisation"' in body
    assert 'href="#id_name"' in body and 'href="#id_postcode"' in body and 'href="#id_contact_email"' in body
    assert not Service.objects.exists()


def test_a_vcse_partner_adds_for_its_own_organisation_without_choosing(world):
    client = signed_in(world.user("vcse_partner"))
    form = client.get("/directory/services/new").content.decode()
    assert 'name="organisation"' not in form and "Good Neighbours" in form
    other = OrganisationFactory(kind="vcse")
    response = client.post("/directory/services/new", {**FORM, "organisation": str(other.pk)})
    assert response.status_code == 302
    assert Service.objects.get().organisation == world.vcse


def test_a_vcse_partner_changes_only_its_own_services(world):
    own = ServiceFactory(organisation=world.vcse)
    theirs = ServiceFactory(organisation=OrganisationFactory(kind="vcse"), name="Theirs")
    client = signed_in(world.user("vcse_partner"))
    assert client.get(f"/directory/services/{own.pk}/edit").status_code == 200
    assert client.post(f"/directory/services/{own.pk}/edit", {**FORM, "name": "Ours"}).status_code == 302
    assert client.get(f"/directory/services/{theirs.pk}/edit").status_code == 404  # outside its reach
    assert client.post(f"/directory/services/{theirs.pk}/edit", {**FORM, "name": "Hijacked"}).status_code == 404
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.name == "Ours" and theirs.name == "Theirs"
    detail = client.get(f"/directory/services/{theirs.pk}").content.decode()
    assert f"/directory/services/{theirs.pk}/edit" not in detail
    assert AuditLog.objects.filter(action="denied", actor=world.user("vcse_partner")).exists()


def test_changing_a_service_through_the_page(world):
    service = ServiceFactory(name="Walks", organisation=world.vcse)
    client = signed_in(world.user("pcn_manager"))
    form = client.get(f"/directory/services/{service.pk}/edit").content.decode()
    assert 'value="Walks"' in form and 'name="organisation"' not in form
    data = {**FORM, "name": "Walks", "category": "befriending", "postcode": "LS1 4AP", "schedule": "Fridays"}
    client.post(f"/directory/services/{service.pk}/edit", data)
    service.refresh_from_db()
    assert service.schedule == "Fridays"
    assert AuditLog.objects.get(what="service", action="update").detail["fields"][0] in data


def test_stating_capacity_through_the_page(world):
    client = signed_in(world.user("vcse_partner"))
    url = f"/directory/organisations/{world.vcse.pk}/capacity"
    missing = client.post(url, {"status": "waiting_list"})
    assert missing.status_code == 200 and 'href="#id_typical_wait_days"' in missing.content.decode()
    assert not CapacityStatement.objects.exists()
    assert client.post(url, {"status": "waiting_list", "typical_wait_days": "10"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Waiting list, typical wait 10 days" in page and world.user("vcse_partner").full_name in page
    other = OrganisationFactory(kind="vcse")
    assert client.post(f"/directory/organisations/{other.pk}/capacity", {"status": "closed"}).status_code == 404
    assert 'name="status"' not in client.get(f"/directory/organisations/{other.pk}/capacity").content.decode()
    assert CapacityStatement.objects.count() == 1
    assert client.get(f"/directory/organisations/{world.practice.pk}/capacity").status_code == 404


def test_the_menu_prints_services_grouped_by_category(world):
    ServiceFactory(name="Choir", category="arts", schedule="Mondays 7pm")
    ServiceFactory(name="Allotment", category="nature")
    client = signed_in(world.user("link_worker"))
    body = client.get("/directory/menu", {"category": "arts"}).content.decode()
    assert "Arts-based activities and groups" in body and "Choir" in body and "Mondays 7pm" in body
    assert "Allotment" not in body and "@media print" in body
    everything = client.get("/directory/menu").content.decode()
    assert everything.index("Arts-based") < everything.index("Access to nature")


def test_the_public_directory_needs_no_sign_in_and_shows_only_public_services(world):
    listed = ServiceFactory(name="Listed walk", public=True)
    hidden = ServiceFactory(name="Hidden walk", public=False)
    client = Client()
    body = client.get("/public/directory", {"q": "walk"}).content.decode()
    assert "Listed walk" in body and "Hidden walk" not in body
    assert f"/public/directory/services/{listed.pk}" in body and "Capacity" not in body
    assert client.get(f"/public/directory/services/{hidden.pk}").status_code == 404
    assert client.get(f"/public/directory/services/{listed.pk}").status_code == 200


def test_a_public_view_is_counted_without_storing_who(world):
    listed = ServiceFactory(public=True)
    audit_rows = AuditLog.objects.count()
    Client().get(f"/public/directory/services/{listed.pk}")
    signed_in(world.user("link_worker")).get(f"/public/directory/services/{listed.pk}")
    listed.refresh_from_db()
    assert listed.public_views == 2
    assert AuditLog.objects.count() == audit_rows


@pytest.mark.parametrize("role", ["practice_staff", "commissioner"])
def test_roles_without_a_use_for_the_directory_are_refused(world, role):
    service = ServiceFactory()
    client = signed_in(world.user(role))
    assert client.get("/directory").status_code == 403
    assert client.get(f"/directory/services/{service.pk}").status_code == 403


def test_the_directory_is_in_the_navigation_for_those_who_may_see_it(world):
    def nav_text(user):
        return header_links(signed_in(user).get("/directory").content.decode())["/directory"]

    assert nav_text(world.user("link_worker")) == "Directory"
    # A VCSE partner's directory holds only its own organisation's entries.
    assert nav_text(world.user("vcse_partner")) == "Our services"
    assert 'href="/directory"' not in signed_in(world.user("practice_staff")).get("/coding/worklist").content.decode()


def test_other_services_from_the_same_organisation(world):
    service = ServiceFactory(organisation=world.vcse, name="Walks")
    ServiceFactory(organisation=world.vcse, name="Choir")
    ServiceFactory(name="Elsewhere")
    client = signed_in(world.user("gp_supervisor"))
    detail = client.get(f"/directory/services/{service.pk}").content.decode()
    link = f"/directory?organisation={world.vcse.pk}"
    assert link in detail
    body = client.get(link).content.decode()
    assert "Showing services of <strong>Good Neighbours</strong>" in body and "2 services found" in body
    assert "Elsewhere" not in body and f'name="organisation" value="{world.vcse.pk}"' in body
    mangled = client.get("/directory?organisation=not-an-id").content.decode()
    assert "There is a problem" not in mangled and "3 services found" in mangled


# A full postcode in the place box searches near it (issue 8, B2) ---------------------------------------------------


@pytest.fixture
def near_leeds(world):
    from linkwork.geography.models import Postcode

    Postcode.objects.create(postcode="LS1 4AP", latitude=53.7968, longitude=-1.5437)
    Postcode.objects.create(postcode="LS6 2AB", latitude=53.8200, longitude=-1.5700)
    Postcode.objects.create(postcode="BD1 1AA", latitude=53.7950, longitude=-1.7520)
    ServiceFactory(name="Hyde Park walk", postcode="LS6 2AB", public=True)
    ServiceFactory(name="City walk", postcode="LS1 4AP", public=True)
    ServiceFactory(name="Bradford walk", postcode="BD1 1AA", public=True)


@pytest.mark.parametrize("page", ["/directory", "/public/directory"])
def test_a_full_postcode_finds_services_near_it_nearest_first_with_their_distance(world, near_leeds, page):
    client = signed_in(world.user("link_worker")) if page == "/directory" else Client()
    body = client.get(page, {"q": "walk", "place": "ls1 4ap", "within": "5"}).content.decode()
    assert "2 services found within 5 miles of LS1 4AP, nearest first" in body
    assert body.index("City walk") < body.index("Hyde Park walk") and "Bradford walk" not in body
    assert "less than 0.1 miles" in body and "1.9 miles" in body
    wider = client.get(page, {"place": "LS1 4AP", "within": "10"}).content.decode()
    assert "8.5 miles" in wider and wider.index("Hyde Park walk") < wider.index("Bradford walk")


def test_an_area_or_district_is_still_a_place_not_a_distance(world, near_leeds):
    body = signed_in(world.user("link_worker")).get("/directory", {"place": "LS"}).content.decode()
    assert "2 services found" in body and "Bradford walk" not in body
    assert "Distance</th>" not in body and "services found within" not in body


def test_a_postcode_the_directory_cannot_place_is_an_error_on_the_place_box(world, near_leeds):
    body = signed_in(world.user("link_worker")).get("/directory", {"place": "LS1 5ZZ"}).content.decode()
    assert "There is a problem" in body and 'href="#id_place"' in body
    assert "We cannot find where LS1 5ZZ is" in body and "0 services found" in body


def test_the_demo_words_find_the_benefits_check_on_the_page(world):
    ServiceFactory(name="Benefits check", category="money_welfare", description="A full benefits check.")
    choir_runner = OrganisationFactory(kind="vcse", name="Oakford Money Advice Centre")
    ServiceFactory(name="Community choir", category="arts", description="Singing.", organisation=choir_runner)
    client = signed_in(world.user("link_worker"))
    for words in ("money advice", "debt", "welfare"):
        body = client.get("/directory", {"q": words}).content.decode()
        assert "Benefits check" in body, words
        assert "Community choir" not in body or body.index("Benefits check") < body.index("Community choir")


def test_the_distance_shown_chosen_is_the_one_searched(world):
    body = signed_in(world.user("link_worker")).get("/directory").content.decode()
    chosen = body[body.index('name="within"') :]
    chosen = chosen[: chosen.index("</select>")]
    assert 'value="5" selected' in chosen and 'value="1" selected' not in chosen
