"""Making connections and moving them round the closed loop through the services: rules, rows, audit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.community.models import AgreementException
from linkwork.community.tests.factories import ServiceFactory
from linkwork.connections import policy as connection_policy
from linkwork.connections import services
from linkwork.connections.models import Connection, ConnectionStatusChange
from linkwork.connections.tests.factories import connect, connectable_service, item
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import OrganisationFactory
from linkwork.referrals.tests.factories import ReferralFactory


def rules_of(exc) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in exc.value.errors}


def make(referral, user, items):
    return services.make_connections(referral, items, user=user, auditor=Auditor(user))


def test_several_connections_in_one_go_start_as_sent_with_a_first_status_row(active, lw, service, other_service):
    made = make(active, lw, [item(service), item(other_service, kind="signposting", shared=(), consent=False)])
    assert [c.service for c in made] == [service, other_service]
    for c in made:
        assert c.status == connection_policy.REQUESTED
        assert c.person_id == active.person_id and c.pcn_id == active.pcn_id
        assert c.organisation_id == c.service.organisation_id
        assert c.sent_on == timezone.localdate()
        rows = list(c.status_changes.values_list("from_status", "to_status", "side", "created_by"))
        assert rows == [("", "requested", "referrer", lw.pk)]
    assert made[0].shared_fields == ["name", "contact_details"] and made[0].contact_details == "07700 900123"
    audit = AuditLog.objects.filter(what="connection", action="create")
    assert audit.count() == 2 and {a.person_id for a in audit} == {active.person_id}


def test_one_bad_item_stores_nothing_and_errors_name_the_item(active, lw, service, other_service):
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service), item(other_service, shared=("name",), consent=False)])
    assert rules_of(exc) == {("connections[1].consent", "consent")}
    assert Connection.objects.count() == 0 and ConnectionStatusChange.objects.count() == 0
    assert not AuditLog.objects.filter(what="connection").exists()


def test_consent_rules(active, lw, service):
    # Signposting without consent, sharing nothing: allowed.
    made = make(active, lw, [item(service, kind="signposting", shared=(), consent=False)])
    assert made[0].consent is False and made[0].shared_fields == []
    Connection.objects.all().delete()
    for kind in ("referral", "accompanied"):
        with pytest.raises(RuleViolation) as exc:
            make(active, lw, [item(service, kind=kind, shared=(), consent=False)])
        assert ("connections[0].consent", "consent") in rules_of(exc)
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service, kind="signposting", shared=("postcode",), consent=False)])
    assert ("connections[0].consent", "consent") in rules_of(exc)


def test_shared_fields_come_from_the_vocabulary_and_contact_details_need_sharing(active, lw, service):
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service, shared=("name", "nhs_number"))])
    assert rules_of(exc) == {("connections[0].shared_fields", "choice")}
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service, shared=("name",), contact_details="07700 900123")])
    assert rules_of(exc) == {("connections[0].contact_details", "not_shared")}
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service, shared=("contact_details",), contact_details="")])
    assert rules_of(exc) == {("connections[0].contact_details", "required")}


def test_episode_must_be_active_and_the_user_hold_a_caseload(world, person, lw, service):
    waiting = ReferralFactory(person=person, status="waiting")
    with pytest.raises(RuleViolation) as exc:
        make(waiting, lw, [item(service)])
    assert ("referral", "episode_active") in rules_of(exc)
    manager = world.user("pcn_manager")
    active = ReferralFactory(person=person, status="active")
    with pytest.raises(RuleViolation) as exc:
        make(active, manager, [item(service)])
    assert rules_of(exc) == {("practitioner", "role")}
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [])
    assert rules_of(exc) == {("connections", "required")}


def test_service_must_be_active_known_and_chosen_once(active, lw, service):
    service.status = "closed"
    service.save()
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service)])
    assert rules_of(exc) == {("connections[0].service", "service_active")}
    service.status = "active"
    service.save()
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service), item(service)])
    assert rules_of(exc) == {("connections[1].service", "duplicate")}
    make(active, lw, [item(service)])
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(service)])
    assert rules_of(exc) == {("connections[0].service", "already_connected")}


def test_no_agreement_to_connect_names_the_organisation_until_a_manager_records_an_exception(world, active, lw):
    unknown = OrganisationFactory(kind="community_group", name="Men in Sheds", parent=world.icb)
    shed = ServiceFactory(organisation=unknown, name="Tuesday shed")
    with pytest.raises(RuleViolation) as exc:
        make(active, lw, [item(shed)])
    assert rules_of(exc) == {("connections[0].service", "agreement")}
    assert "Men in Sheds" in exc.value.errors[0].message and "exception" in exc.value.errors[0].message
    AgreementException.objects.create(
        organisation=unknown,
        pcn=world.pcn,
        reason="New group, checks under way",
        granted_on=timezone.localdate() - timedelta(days=1),
        expires_on=timezone.localdate() + timedelta(days=60),
    )
    assert make(active, lw, [item(shed)])[0].service == shed


@pytest.fixture
def sent(active, lw, service):
    return connect(active, lw, service)[0]


def change(connection, user, status, reason="", **kwargs):
    return services.change_status(connection, status, reason, user=user, auditor=Auditor(user), **kwargs)


def test_the_service_accepts_with_an_expected_start_and_every_change_is_a_row(sent, partner, lw):
    start = timezone.localdate() + timedelta(days=7)
    change(sent, partner, "accepted", expected_start_on=start)
    change(sent, partner, "in-progress")
    sent.refresh_from_db()
    assert sent.status == "in-progress" and sent.expected_start_on == start
    rows = list(sent.status_changes.values_list("from_status", "to_status", "side", "created_by"))
    assert rows == [
        ("", "requested", "referrer", lw.pk),
        ("requested", "accepted", "service", partner.pk),
        ("accepted", "in-progress", "service", partner.pk),
    ]
    audit = AuditLog.objects.filter(what="connection", action="update").order_by("at")
    assert [a.detail["to"] for a in audit] == ["accepted", "in-progress"]
    assert {a.person_id for a in audit} == {sent.person_id}


def test_declining_needs_a_reason(sent, partner):
    with pytest.raises(RuleViolation) as exc:
        change(sent, partner, "rejected", "  ")
    assert rules_of(exc) == {("reason", "required")}
    change(sent, partner, "rejected", "Group is full until spring")
    assert sent.status_changes.last().reason == "Group is full until spring"


def test_each_side_sets_only_its_own_statuses(sent, partner, lw):
    with pytest.raises(services.ForbiddenChange) as exc:
        change(sent, lw, "accepted")
    assert rules_of(exc) == {("status", "who_may_set")}
    with pytest.raises(services.ForbiddenChange):
        change(sent, partner, "entered-in-error")
    assert AuditLog.objects.filter(action="denied", what="connection_status").count() == 2
    change(sent, lw, "cancelled", "Person moved away")
    with pytest.raises(RuleViolation) as exc:
        change(sent, partner, "accepted")
    assert not isinstance(exc.value, services.ForbiddenChange)
    assert rules_of(exc) == {("status", "transition")}


def test_a_partner_of_another_organisation_or_a_manager_speaks_for_no_side(world, sent):
    other_org = OrganisationFactory(kind="vcse", name="Elsewhere", parent=world.icb)
    from linkwork.accounts.tests.factories import UserFactory

    stranger = UserFactory(role="vcse_partner", organisation=other_org, email="stranger@example.org")
    for user in (stranger, world.user("pcn_manager"), world.other_users["link_worker"]):
        with pytest.raises(services.ForbiddenChange):
            change(sent, user, "cancelled", "no")
    assert sent.status_changes.count() == 1


def test_expected_start_only_when_accepting_and_not_before_sent(sent, partner):
    with pytest.raises(RuleViolation) as exc:
        change(sent, partner, "in-progress", expected_start_on=timezone.localdate())
    assert rules_of(exc) == {("expected_start_on", "only_on_accept")}
    with pytest.raises(RuleViolation) as exc:
        change(sent, partner, "accepted", expected_start_on=sent.sent_on - timedelta(days=1))
    assert rules_of(exc) == {("expected_start_on", "after_sent")}


def engage(connection, user, engagement, first_seen_on=None, outcome=""):
    return services.record_engagement(connection, engagement, first_seen_on, outcome, user=user, auditor=Auditor(user))


def test_engagement_dates_and_outcome(sent, partner, lw):
    today = timezone.localdate()
    with pytest.raises(RuleViolation) as exc:
        engage(sent, partner, "engaged", today + timedelta(days=1))
    assert rules_of(exc) == {("first_seen_on", "not_in_future")}
    with pytest.raises(RuleViolation) as exc:
        engage(sent, partner, "engaged", sent.sent_on - timedelta(days=1))
    assert rules_of(exc) == {("first_seen_on", "after_sent")}
    with pytest.raises(RuleViolation) as exc:
        engage(sent, partner, "maybe")
    assert rules_of(exc) == {("engagement", "choice")}
    outcome = "Came to two sessions, made a friend"
    engage(sent, partner, "engaged", today, outcome)
    sent.refresh_from_db()
    assert (sent.engagement, sent.first_seen_on, sent.outcome) == ("engaged", today, outcome)
    assert sent.days_waited == 0
    audit = AuditLog.objects.get(what="connection", action="update")
    assert audit.person_id == sent.person_id and audit.detail["engagement"] == "engaged"
    # The link worker may report it too.
    engage(sent, lw, "did_not_engage", today, "Went once, did not go back")
    sent.refresh_from_db()
    assert sent.engagement == "did_not_engage"


def test_no_engagement_for_a_declined_connection(sent, partner):
    change(sent, partner, "rejected", "Full")
    with pytest.raises(RuleViolation) as exc:
        engage(sent, partner, "engaged")
    assert rules_of(exc) == {("engagement", "status")}


def test_follow_up_and_not_yet_seen(active, lw, world, service, other_service):
    a, b = connect(active, lw, service, other_service)
    partner = world.user("vcse_partner")
    assert set(services.follow_up(lw)) == {a, b}
    assert set(services.not_yet_seen(active, lw)) == {a, b}
    change(a, partner, "in-progress")
    assert set(services.not_yet_seen(active, lw)) == {b}
    assert set(services.follow_up(lw)) == {a, b}  # seen, but nobody knows if they engaged
    engage(a, partner, "engaged", timezone.localdate())
    assert set(services.follow_up(lw)) == {b}
    assert not services.follow_up(world.other_users["link_worker"]).exists()
    # The service says the person never came: nobody is waiting, but the service has not seen them.
    engage(b, partner, "did_not_engage")
    assert not services.follow_up(lw).exists()
    assert set(services.not_yet_seen(active, lw)) == {b}


def test_the_services_report_of_a_first_session_moves_an_accepted_connection_on_and_is_kept(sent, partner, lw):
    change(sent, partner, "accepted")
    today = timezone.localdate()
    engage(sent, partner, "engaged", today, "Came and stayed for tea")
    sent.refresh_from_db()
    assert sent.status == "in-progress"
    rows = list(sent.status_changes.values_list("from_status", "to_status", "side", "created_by"))
    assert rows[-1] == ("accepted", "in-progress", "service", partner.pk)
    assert sent.status_changed_at == sent.status_changes.last().created_at
    reports = list(sent.engagement_reports.values_list("side", "engagement", "first_seen_on", "outcome", "created_by"))
    assert reports == [("service", "engaged", today, "Came and stayed for tea", partner.pk)]
    audit = AuditLog.objects.filter(what="connection", action="update").order_by("at").last()
    assert (audit.detail["from"], audit.detail["to"], audit.detail["side"]) == ("accepted", "in-progress", "service")
    # The same report again changes nothing and keeps no second row.
    engage(sent, partner, "engaged", today, "Came and stayed for tea")
    assert sent.engagement_reports.count() == 1 and sent.status_changes.count() == 3
    # A correction is a second report; the status stays where the service put it.
    engage(sent, lw, "did_not_engage", None, "Went once, not again")
    sent.refresh_from_db()
    assert sent.status == "in-progress" and sent.engagement_reports.count() == 2
    assert sent.engagement_reports.last().side == "referrer"


def test_a_report_that_the_person_did_not_engage_never_moves_the_status(sent, partner, lw):
    change(sent, partner, "accepted")
    engage(sent, partner, "did_not_engage")
    sent.refresh_from_db()
    assert sent.status == "accepted" and sent.status_changes.count() == 2
    assert not services.follow_up(lw).exists()


@pytest.mark.parametrize("engagement", ["unknown", "engaged", "did_not_engage"])
@pytest.mark.parametrize("seen_on", [False, True])
def test_the_follow_up_list_holds_exactly_what_the_rule_flags(active, lw, world, engagement, seen_on):
    """The list's query and connection_policy.needs_follow_up agree for every status, engagement and first session."""
    made = {}
    for status in connection_policy.NEXT:
        s = connectable_service(world.vcse, world.pcn, name=f"Service {status}")
        (c,) = connect(active, lw, s)
        Connection.objects.filter(pk=c.pk).update(
            status=status, engagement=engagement, first_seen_on=c.sent_on if seen_on else None
        )
        made[status] = c.pk
    listed = set(services.follow_up(lw).values_list("pk", flat=True))
    for status, pk in made.items():
        c = Connection.objects.get(pk=pk)
        expected = connection_policy.needs_follow_up(c.status, c.engagement, c.first_seen_on)
        assert (pk in listed) == expected, (status, engagement, seen_on)
