"""The synthetic directory, its quality assurance and onward connections are what the services would have stored:
every closed-loop change replays through connection_policy (and a sample through connections.services), people are
connected only from accepted episodes while they are open, and only where their PCN may connect people that day."""

import math
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.community.models import (
    Agreement,
    AgreementException,
    CapacityStatement,
    CatchUp,
    ConfidenceSurvey,
    QualityAssessment,
    Service,
)
from linkwork.community.quality import policy as qa_policy
from linkwork.community.quality import presenters as quality
from linkwork.community.quality import sheets as qa_sheets
from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.connections import policy as connection_policy
from linkwork.connections import services as connection_services
from linkwork.connections.models import Connection, ConnectionEngagementReport, ConnectionStatusChange
from linkwork.connections.vocabularies import SHAREABLE_FIELDS
from linkwork.core.auditor import Auditor
from linkwork.core.roles import CASELOAD_ROLES, PCN_ROLES
from linkwork.geography.policy.postcodes import postcode_problem
from linkwork.organisations.models import PROVIDER_KINDS, Organisation
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import Referral
from linkwork.synthetic.generator import generate

TODAY = date(2026, 3, 31)
REPLAYED = 40


@pytest.fixture
def dataset(db):
    return generate(people=2500, seed=4, today=TODAY, progress=False)


def _changes() -> dict:
    found = defaultdict(list)
    for change in ConnectionStatusChange.objects.order_by("created_at", "id"):
        found[change.connection_id].append(change)
    return found


def _reports() -> dict:
    found = defaultdict(list)
    for report in ConnectionEngagementReport.objects.order_by("created_at", "id"):
        found[report.connection_id].append(report)
    return found


def test_every_status_change_follows_the_closed_loop_rules(dataset):
    users = {u.pk: u for u in User.objects.all()}
    changes = _changes()
    connections = list(Connection.objects.all())
    assert len(connections) > 1000
    statuses = Counter(c.status for c in connections)
    for status in ("requested", "accepted", "in-progress", "completed", "rejected", "failed", "cancelled"):
        assert statuses[status] > 0, statuses
    assert statuses["completed"] > statuses["rejected"]
    for connection in connections:
        rows = changes[connection.pk]
        assert (rows[0].from_status, rows[0].to_status, rows[0].side) == ("", "requested", "referrer")
        assert rows[0].created_by_id == connection.created_by_id
        current = "requested"
        for row in rows[1:]:
            assert row.from_status == current
            assert connection_policy.check_change(current, row.to_status, row.side) is None, (current, row.to_status)
            actor = users[row.created_by_id]
            if row.side == "service":
                assert actor.role == "vcse_partner" and actor.organisation_id == connection.organisation_id
            else:
                assert actor.role in CASELOAD_ROLES and actor.organisation_id == connection.pcn_id
            if row.to_status == "rejected":
                assert row.reason
            current = row.to_status
        assert connection.status == current
        assert connection.status_changed_at == rows[-1].created_at
        assert all(timezone.localdate(r.created_at) < TODAY for r in rows)
        accepted = [r for r in rows if r.to_status == "accepted"]
        if accepted:
            assert connection.expected_start_on >= connection.sent_on
        else:
            assert connection.expected_start_on is None
        if connection.first_seen_on is not None:
            assert connection.sent_on <= connection.first_seen_on < TODAY
            assert connection.engagement != "unknown"
            assert any(r.to_status == "in-progress" for r in rows)
        if connection.status in connection_services.NO_ENGAGEMENT_STATUSES:
            assert (connection.engagement, connection.first_seen_on, connection.outcome) == ("unknown", None, "")


def test_connections_come_from_accepted_episodes_while_they_are_open(dataset):
    referrals = Referral.objects.in_bulk()
    fields = [t.key for t in SHAREABLE_FIELDS]
    services = Service.objects.in_bulk()
    per_day = Counter()
    for connection in Connection.objects.all():
        referral = referrals[connection.referral_id]
        assert referral.accepted_on is not None and referral.accepted_on < connection.sent_on
        assert referral.closed_on is None or connection.sent_on < referral.closed_on
        assert (connection.person_id, connection.pcn_id) == (referral.person_id, referral.pcn_id)
        assert timezone.localdate(connection.created_at) == connection.sent_on
        service = services[connection.service_id]
        assert service.status == "active" and service.organisation_id == connection.organisation_id
        shared = connection.shared_fields
        assert shared == [f for f in fields if f in shared]
        assert connection.consent or (not shared and connection.kind == "signposting")
        assert bool(connection.contact_details) == ("contact_details" in shared)
        per_day[(connection.referral_id, connection.sent_on)] += 1
    assert max(per_day.values()) >= 2  # several in one go
    kinds = Counter(Connection.objects.values_list("kind", flat=True))
    assert set(kinds) == {"referral", "signposting", "accompanied"}
    seen = Connection.objects.exclude(first_seen_on=None)
    assert seen.exists() and Connection.objects.filter(engagement="did_not_engage").exists()
    assert Connection.objects.exclude(outcome="").exists()
    # Some people were discharged before the service saw them.
    waiting = Connection.objects.filter(status__in=connection_policy.WAITING, referral__status="discharged")
    assert waiting.exists()


def _as_of(agreements, exceptions, day: date) -> bool:
    """quality.may_connect as it would have answered on `day`, from the records made by then."""
    made = [a for a in agreements if max(a.pcn_signed_on, a.organisation_signed_on) <= day]
    if made:
        latest = max(made, key=lambda a: (a.organisation_signed_on, a.pcn_signed_on, a.created_at))
        changed = (
            latest.leadership_changed_on
            if latest.leadership_changed_on and latest.leadership_changed_on <= day
            else None
        )
        if qa_policy.agreement_is_current(qa_policy.agreement_state(latest.review_due_on, changed, day)):
            return True
    return any(qa_policy.exception_applies(x.granted_on, x.expires_on, day) for x in exceptions if x.granted_on <= day)


def test_connections_are_sent_only_under_an_agreement_or_exception(dataset):
    agreements, exceptions = defaultdict(list), defaultdict(list)
    for a in Agreement.objects.all():
        agreements[(a.organisation_id, a.pcn_id)].append(a)
    for x in AgreementException.objects.all():
        exceptions[(x.organisation_id, x.pcn_id)].append(x)
    checked_live = 0
    for connection in Connection.objects.all():
        pair = (connection.organisation_id, connection.pcn_id)
        assert _as_of(agreements[pair], exceptions[pair], connection.sent_on), connection.pk
        later = [a for a in agreements[pair] if max(a.pcn_signed_on, a.organisation_signed_on) > connection.sent_on]
        later += [x for x in exceptions[pair] if x.granted_on > connection.sent_on]
        changed = [
            a for a in agreements[pair] if a.leadership_changed_on and a.leadership_changed_on > connection.sent_on
        ]
        if not later and not changed and checked_live < 300:  # the stored records are those of that day
            assert quality.may_connect(connection.organisation_id, connection.pcn_id, connection.sent_on).allowed
            checked_live += 1
    assert checked_live > 50


def test_a_few_organisations_receive_most_connections(dataset):
    providers = Organisation.objects.filter(kind__in=PROVIDER_KINDS).count()
    counts = sorted(Counter(Connection.objects.values_list("organisation_id", flat=True)).values(), reverse=True)
    top = math.ceil(providers * 0.10)
    assert sum(counts[:top]) >= 0.5 * sum(counts)


def test_directory_and_quality_assurance_look_real(dataset):
    services = list(Service.objects.select_related("organisation"))
    assert {s.organisation.kind for s in services} == set(PROVIDER_KINDS)
    assert all(s.category in SERVICE_CATEGORIES and postcode_problem(s.postcode) is None for s in services)
    assert 0.15 < sum(s.public for s in services) / len(services) < 0.6
    partners = User.objects.filter(role="vcse_partner")
    assert set(partners.values_list("organisation_id", flat=True)) == set(
        Organisation.objects.filter(kind__in=PROVIDER_KINDS).values_list("pk", flat=True)
    )
    assert not any(u.has_usable_password() for u in partners)

    latest = {}
    for statement in CapacityStatement.objects.order_by("stated_on", "created_at"):
        latest[statement.organisation_id] = statement
        assert (statement.typical_wait_days is not None) == (statement.status == "waiting_list")
        assert statement.typical_wait_days is None or 1 <= statement.typical_wait_days <= 365
        assert statement.stated_on < TODAY
    closed = sum(s.status == "closed" for s in latest.values()) / len(latest)
    assert 0.2 < closed < 0.6
    assert {s.status for s in latest.values()} == {"accepting", "waiting_list", "closed"}

    states = Counter()
    for standing in _latest_agreements().values():
        states[qa_policy.agreement_state(standing.review_due_on, standing.leadership_changed_on, TODAY)] += 1
    assert states["current"] > states["overdue"] > 0
    assert Agreement.objects.exclude(leadership_changed_on=None).exists()
    assert AgreementException.objects.exists()
    for agreement in Agreement.objects.select_related("assessment", "created_by"):
        assert agreement.review_due_on == qa_policy.agreement_review_due(
            max(agreement.pcn_signed_on, agreement.organisation_signed_on), 12
        )
        assert agreement.created_by.role in PCN_ROLES
        if agreement.assessment is not None:
            assert agreement.assessment.assessed_on <= min(agreement.pcn_signed_on, agreement.organisation_signed_on)
    for exception in AgreementException.objects.select_related("created_by"):
        assert exception.created_by.role == "pcn_manager"
        assert exception.expires_on is None or exception.expires_on > exception.granted_on
    sheets = qa_sheets.prompt_sheets()["sheets"]
    for assessment in QualityAssessment.objects.all():
        sheet = sheets[assessment.sheet]
        assert set(assessment.documents) == {d["key"] for d in sheet["documents"]}
        assert set(assessment.checks) == {c["key"] for c in sheet["checks"]}
        assert assessment.confident or assessment.actions_agreed
    last_catch_up = {}
    for catch_up in CatchUp.objects.order_by("held_on"):
        last_catch_up[(catch_up.organisation_id, catch_up.pcn_id)] = catch_up.held_on
    catch_up_states = Counter(qa_policy.every_months_state(d, 6, TODAY) for d in last_catch_up.values())
    assert catch_up_states["current"] > catch_up_states["overdue"] > 0


def _latest_agreements() -> dict:
    found = {}
    for agreement in Agreement.objects.order_by("organisation_signed_on", "pcn_signed_on", "created_at"):
        found[(agreement.organisation_id, agreement.pcn_id)] = agreement
    return found


def test_confidence_surveys_answer_the_survey(dataset):
    options = qa_sheets.coped_well_options()
    surveys = list(ConfidenceSurvey.objects.select_related("created_by"))
    assert surveys
    for survey in surveys:
        assert survey.coped_well in options
        assert survey.answered_on < TODAY
        if survey.via == "web":
            assert survey.created_by.role == "vcse_partner"
            assert survey.created_by.organisation_id == survey.organisation_id
        else:
            assert survey.created_by.role in ("link_worker", "pcn_manager")
        if survey.what_would_help:
            assert survey.coped_well in qa_sheets.DISAGREEING
    answers = Counter(s.coped_well for s in surveys)
    assert answers["agree"] + answers["strongly_agree"] > answers["disagree"] + answers["strongly_disagree"] > 0
    latest = {}
    for survey in sorted(surveys, key=lambda s: s.answered_on):
        latest[survey.organisation_id] = survey.answered_on
    states = {qa_policy.every_months_state(d, 6, TODAY) for d in latest.values()}
    assert "current" in states and states & {"due", "overdue"}


def _moment(value: datetime):
    return time_machine.travel(value, tick=False)


def _replay(connection: Connection, rows: list[ConnectionStatusChange], reports: list) -> tuple:
    referral = connection.referral
    status, closed_on = referral.status, referral.closed_on
    Referral.objects.filter(pk=referral.pk).update(status=episode_policy.ACTIVE, closed_on=None)
    maker = connection.created_by
    item = connection_services.ConnectionItem(
        service=connection.service_id,
        kind=connection.kind,
        reason=connection.reason,
        shared_fields=connection.shared_fields,
        consent=connection.consent,
        contact_details=connection.contact_details,
    )
    with _moment(connection.created_at):
        (made,) = connection_services.make_connections(referral, [item], user=maker, auditor=Auditor(maker))
    Referral.objects.filter(pk=referral.pk).update(status=status, closed_on=closed_on)
    # Status changes and engagement reports in the order they happened, each through its service.
    for row in sorted([*rows[1:], *reports], key=lambda r: r.created_at):
        with _moment(row.created_at):
            if isinstance(row, ConnectionStatusChange):
                expected = connection.expected_start_on if row.to_status == "accepted" else None
                made = connection_services.change_status(
                    made,
                    row.to_status,
                    row.reason,
                    expected_start_on=expected,
                    user=row.created_by,
                    auditor=Auditor(row.created_by),
                )
            else:
                made = connection_services.record_engagement(
                    made,
                    row.engagement,
                    row.first_seen_on,
                    row.outcome,
                    user=row.created_by,
                    auditor=Auditor(row.created_by),
                )
    made.refresh_from_db()
    changes = list(ConnectionStatusChange.objects.filter(connection=made).order_by("created_at", "id"))
    return _facts(made, changes, list(ConnectionEngagementReport.objects.filter(connection=made)))


def _facts(connection: Connection, rows, reports) -> tuple:
    return (
        connection.referral_id,
        connection.person_id,
        connection.pcn_id,
        connection.service_id,
        connection.organisation_id,
        connection.kind,
        connection.reason,
        connection.shared_fields,
        connection.consent,
        connection.contact_details,
        connection.sent_on,
        connection.status,
        connection.status_changed_at,
        connection.expected_start_on,
        connection.engagement,
        connection.first_seen_on,
        connection.outcome,
        connection.created_by_id,
        [(r.from_status, r.to_status, r.side, r.reason, r.created_by_id, r.created_at) for r in rows],
        [(r.side, r.engagement, r.first_seen_on, r.outcome, r.created_by_id, r.created_at) for r in reports],
    )


def test_a_sample_replays_through_the_services_to_the_same_rows(dataset):
    changes, reports = _changes(), _reports()
    sample = []
    for connection in Connection.objects.select_related("referral", "created_by").order_by("id"):
        if quality.may_connect(connection.organisation_id, connection.pcn_id, connection.sent_on).allowed:
            sample.append(connection)
        if len(sample) == REPLAYED:
            break
    assert {c.status for c in sample} >= {"completed", "requested"} or len(sample) == REPLAYED
    for connection in sample:
        rows = changes[connection.pk]
        said = reports[connection.pk]
        for row in [*rows, *said]:
            row.created_by = User.objects.get(pk=row.created_by_id)
        stored = _facts(connection, rows, said)
        Connection.objects.filter(pk=connection.pk).delete()
        assert _replay(connection, rows, said) == stored


def test_sent_on_is_a_working_day_and_nothing_after_yesterday(dataset):
    for sent_on, changed in Connection.objects.values_list("sent_on", "status_changed_at"):
        assert sent_on.weekday() < 5
        assert timezone.localdate(changed) <= TODAY - timedelta(days=1)


def test_every_engagement_the_services_reported_is_a_report_row(dataset):
    """ADR 0050: what a connection says of engagement is what its reports said, the last one winning."""
    reports = _reports()
    partners = set(User.objects.filter(role="vcse_partner").values_list("pk", flat=True))
    said = 0
    for connection in Connection.objects.all():
        rows = reports[connection.pk]
        if (connection.engagement, connection.first_seen_on, connection.outcome) == ("unknown", None, ""):
            assert rows == []
            continue
        said += 1
        last = rows[-1]
        assert (last.engagement, last.first_seen_on, last.outcome) == (
            connection.engagement,
            connection.first_seen_on,
            connection.outcome,
        )
        assert all(r.side == connection_policy.SERVICE and r.created_by_id in partners for r in rows)
    assert said > 100
