"""Writing the directory: services and capacity statements, their rules, who may write, and the audit rows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from linkwork.community import presenters, services
from linkwork.community.models import CapacityStatement, Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory

GOOD = {
    "name": "Knit and natter",
    "category": "neighbourhood",
    "description": "Knitting, tea and a chat.\r\nAll welcome.",
    "schedule": "Tuesdays 10am to 12 noon",
    "location_name": "St Mary's church hall",
    "postcode": "ls1 4ap",
    "contact_phone": "0113 496 0000",
    "contact_email": "Knit@Example.org",
    "website": "https://example.org/knit",
    "public": True,
}


def add(world, role="link_worker", organisation=None, **values):
    user = world.user(role)
    return services.add_service(organisation or world.vcse, {**GOOD, **values}, user=user, auditor=Auditor(user))


def rules_broken(exc) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in exc.value.errors}


def test_adding_a_service_cleans_the_values_and_audits(world):
    service = add(world)
    assert service.postcode == "LS1 4AP" and service.contact_email == "knit@example.org"
    assert service.description == "Knitting, tea and a chat.\nAll welcome."
    assert service.status == "active" and service.public is True
    assert service.created_by == world.user("link_worker")
    row = AuditLog.objects.get(what="service")
    assert (row.action, row.object_id, row.actor) == ("create", str(service.pk), world.user("link_worker"))
    assert row.detail == {"organisation": world.vcse.code, "category": "neighbourhood"}


@pytest.mark.parametrize(
    ("values", "broken"),
    [
        ({"name": "  ", "category": ""}, {("name", "required"), ("category", "required")}),
        ({"category": "knitting"}, {("category", "choice")}),
        ({"status": "open"}, {("status", "choice")}),
        ({"status": ""}, {("status", "required")}),
        ({"postcode": "LS1 4A"}, {("postcode", "format")}),
        ({"contact_email": "not an email"}, {("contact_email", "email")}),
        ({"website": "javascript:alert(1)"}, {("website", "url")}),
        ({"website": "example"}, {("website", "url")}),
        ({"contact_phone": "call me"}, {("contact_phone", "format")}),
        ({"name": "x" * 201}, {("name", "max_length")}),
        ({"colour": "blue"}, {("colour", "unknown")}),
    ],
)
def test_bad_input_names_the_field_and_rule_and_stores_nothing(world, values, broken):
    with pytest.raises(RuleViolation) as exc:
        add(world, **values)
    assert rules_broken(exc) == broken
    assert not Service.objects.exists() and not AuditLog.objects.filter(what="service").exists()


def test_every_problem_is_reported_at_once(world):
    with pytest.raises(RuleViolation) as exc:
        add(world, name="", postcode="nowhere", contact_email="@", website="ftp://x")
    assert {f for f, _ in rules_broken(exc)} == {"name", "postcode", "contact_email", "website"}


def test_a_service_belongs_to_a_provider_organisation(world):
    with pytest.raises(RuleViolation) as exc:
        add(world, organisation=world.practice)
    assert rules_broken(exc) == {("organisation", "kind")}
    assert not Service.objects.exists()


@pytest.mark.parametrize("kind", ["vcse", "community_group", "statutory"])
def test_pcn_managers_and_link_workers_write_for_any_provider(world, kind):
    organisation = OrganisationFactory(kind=kind)
    assert add(world, "pcn_manager", organisation).organisation == organisation
    assert add(world, "link_worker", organisation, name="Second").organisation == organisation


def test_a_vcse_partner_writes_only_for_its_own_organisation(world):
    own = add(world, "vcse_partner")
    assert own.organisation == world.vcse
    other = OrganisationFactory(kind="community_group")
    with pytest.raises(PermissionDenied):
        add(world, "vcse_partner", other)
    theirs = ServiceFactory(organisation=other)
    partner = world.user("vcse_partner")
    with pytest.raises(PermissionDenied):
        services.change_service(theirs, {"name": "Mine now"}, user=partner, auditor=Auditor(partner))
    theirs.refresh_from_db()
    assert theirs.name != "Mine now" and Service.objects.filter(organisation=other).count() == 1


@pytest.mark.parametrize("role", ["health_and_wellbeing_coach", "gp_supervisor", "practice_staff", "commissioner"])
def test_other_roles_do_not_write_services(world, role):
    with pytest.raises(PermissionDenied):
        add(world, role)
    assert not Service.objects.exists()


def test_changing_a_service_writes_only_what_changed(world):
    service = add(world)
    user = world.user("pcn_manager")
    changed = services.change_service(
        service, {"schedule": "Wednesdays 2pm", "name": "Knit and natter "}, user=user, auditor=Auditor(user)
    )
    assert changed == ["schedule"]
    service.refresh_from_db()
    assert service.schedule == "Wednesdays 2pm" and service.name == "Knit and natter"
    row = AuditLog.objects.get(what="service", action="update")
    assert row.detail == {"fields": ["schedule"]} and row.actor == user
    assert services.change_service(service, {"schedule": "Wednesdays 2pm"}, user=user, auditor=Auditor(user)) == []
    assert AuditLog.objects.filter(what="service", action="update").count() == 1


def test_a_bad_change_stores_nothing(world):
    service = add(world)
    user = world.user("link_worker")
    with pytest.raises(RuleViolation) as exc:
        services.change_service(service, {"schedule": "Fridays", "category": "nope"}, user=user, auditor=Auditor(user))
    assert rules_broken(exc) == {("category", "choice")}
    service.refresh_from_db()
    assert service.schedule == GOOD["schedule"]
    assert not AuditLog.objects.filter(what="service", action="update").exists()


def state(world, role="vcse_partner", organisation=None, **values):
    user = world.user(role)
    return services.state_capacity(organisation or world.vcse, **values, user=user, auditor=Auditor(user))


def test_capacity_statements_keep_history_and_the_newest_is_current(world):
    today = timezone.localdate()
    state(world, status="accepting", stated_on=today - timedelta(days=30))
    state(world, "link_worker", status="waiting_list", typical_wait_days=21, stated_on=today - timedelta(days=2))
    assert CapacityStatement.objects.count() == 2
    current = presenters.capacity_of(world.vcse.pk)
    assert (current.status, current.typical_wait_days) == ("waiting_list", 21)
    assert current.text == "Waiting list, typical wait 21 days"
    assert [s.status for s in presenters.capacity_history(world.vcse.pk)] == ["waiting_list", "accepting"]
    rows = AuditLog.objects.filter(what="capacity_statement").order_by("at")
    assert [r.detail["status"] for r in rows] == ["accepting", "waiting_list"]


def test_an_older_statement_recorded_later_does_not_become_current(world):
    today = timezone.localdate()
    state(world, status="closed", stated_on=today)
    state(world, "link_worker", status="accepting", stated_on=today - timedelta(days=10))
    assert presenters.capacity_of(world.vcse.pk).status == "closed"


@pytest.mark.parametrize(
    ("values", "broken"),
    [
        ({"status": "waiting_list"}, {("typical_wait_days", "required")}),
        ({"status": "waiting_list", "typical_wait_days": 0}, {("typical_wait_days", "range")}),
        ({"status": "full"}, {("status", "choice")}),
        ({"status": ""}, {("status", "required")}),
        ({"status": "accepting", "stated_on": date.today() + timedelta(days=2)}, {("stated_on", "not_in_future")}),
    ],
)
def test_bad_capacity_stores_nothing(world, values, broken):
    with pytest.raises(RuleViolation) as exc:
        state(world, **values)
    assert rules_broken(exc) == broken
    assert not CapacityStatement.objects.exists()


def test_a_wait_is_kept_only_for_a_waiting_list(world):
    assert state(world, status="accepting", typical_wait_days=12).typical_wait_days is None


def test_who_may_state_capacity(world):
    other = OrganisationFactory(kind="vcse")
    with pytest.raises(PermissionDenied):
        state(world, "vcse_partner", other, status="closed")
    with pytest.raises(PermissionDenied):
        state(world, "commissioner", status="closed")
    assert state(world, "link_worker", other, status="closed").organisation == other
    assert CapacityStatement.objects.count() == 1


def test_counting_a_public_view_stores_only_the_number(world):
    listed = ServiceFactory(public=True)
    hidden = ServiceFactory(public=False)
    before = AuditLog.objects.count()
    assert services.count_public_view(listed.pk) is True
    assert services.count_public_view(listed.pk) is True
    assert services.count_public_view(hidden.pk) is False
    listed.refresh_from_db()
    hidden.refresh_from_db()
    assert (listed.public_views, hidden.public_views) == (2, 0)
    assert AuditLog.objects.count() == before
