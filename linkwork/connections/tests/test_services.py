"""Making connections and moving them round the closed loop through the services: rules, rows, audit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.community.models import AgreementException
from linkwork.community.tests.factories import ServiceFactory
from linkwork.connections import policy as connection_policy
from linkwork.connections import services
from linkwork.connections.models import Connection, ConnectionStatusChange
from linkwork.connections.tests.factories import connect, item
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
