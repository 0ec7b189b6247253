"""The synthetic data generator: reproducible, valid identifiers, and records the domain rules would have made."""

from collections import defaultdict
from datetime import date, timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.activities.models import Activity
from linkwork.coding.catalogue import catalogue
from linkwork.coding.models import CodingEvent
from linkwork.coding.policy import ContactFacts, codes_for_episode
from linkwork.community import search
from linkwork.community.models import (
    Agreement,
    AgreementException,
    CapacityStatement,
    CatchUp,
    ConfidenceSurvey,
    QualityAssessment,
    Service,
)
from linkwork.community.tests.factories import ServiceFactory
from linkwork.connections.models import Connection, ConnectionStatusChange
from linkwork.geography.models import Postcode
from linkwork.geography.policy.postcodes import postcode_parts, postcode_problem
from linkwork.organisations.models import Organisation
from linkwork.people.identifiers import nhs_number_problem
from linkwork.people.models import Person
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import Contact, Referral, ReferralStatusChange
from linkwork.synthetic import ids
from linkwork.synthetic.generator import generate
from linkwork.synthetic.loader import SUPPORTED_VENDORS, TABLES, Loader, UnsupportedDatabase

TODAY = date(2026, 3, 31)


def _snapshot() -> dict:
    return {key: list(model.objects.order_by("pk").values_list()) for key, model in TABLES.items()}


def _delete_generated() -> None:
    for model in (
        ConnectionStatusChange,
        Connection,
        CodingEvent,
        Contact,
        ReferralStatusChange,
        Referral,
        Person,
        Activity,
    ):
        model.objects.all().delete()
    for model in (Agreement, QualityAssessment, CatchUp, AgreementException, ConfidenceSurvey, CapacityStatement):
        model.objects.all().delete()
    Service.objects.all().delete()
    User.objects.filter(email__endswith="@synthetic.linkwork.test").delete()
    for kind in ("practice", "vcse", "community_group", "statutory", "pcn", "icb"):
        Organisation.objects.filter(kind=kind, code__startswith="S").delete()


@pytest.fixture
def small(db):
    return generate(people=300, seed=7, today=TODAY, progress=False)


def test_same_seed_same_rows_and_another_seed_different(db):
    generate(people=300, seed=7, today=TODAY, progress=False)
    first = _snapshot()
    _delete_generated()
    generate(people=300, seed=7, today=TODAY, progress=False)
    assert _snapshot() == first
    _delete_generated()
    generate(people=300, seed=8, today=TODAY, progress=False)
    other = _snapshot()
    assert other["person"] != first["person"]
    assert other["referral"] != first["referral"]


def test_scale_of_a_small_run(small):
    assert small.rows["people_person"] == 300
    per_person = small.rows["referrals_referral"] / 300
    assert 1.3 < per_person < 1.7
    assert Organisation.objects.filter(kind="pcn").count() == 1
    assert Organisation.objects.filter(kind="practice").count() in range(4, 7)
    pcn = Organisation.objects.get(kind="pcn")
    assert pcn.code == "SN00001"
    roles = sorted(User.objects.filter(organisation=pcn).values_list("role", flat=True))
    assert roles == sorted(
        ["link_worker"] * 3 + ["health_and_wellbeing_coach", "care_coordinator", "pcn_manager", "gp_supervisor"]
    )
    assert not any(u.has_usable_password() for u in User.objects.all())
    assert all(u.email.endswith("@synthetic.linkwork.test") for u in User.objects.all())


def test_nhs_numbers_are_valid_unique_and_in_the_test_range(small):
    numbers = list(Person.objects.values_list("nhs_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 300
    assert all(n.startswith("999") and nhs_number_problem(n, test_numbers_allowed=True) is None for n in numbers)


def test_nhs_number_blocks_skip_check_digit_ten():
    block = ids.block_numbers(999)
    assert len(block) == 909_091
    assert all(nhs_number_problem(str(n), test_numbers_allowed=True) is None for n in block[::9973])
    stems = set((block // 10).tolist())
    skipped = [s for s in range(999_000_000, 999_000_200) if s not in stems]
    assert all(ids.check_digits(ids.np.array([s]))[0] == 10 for s in skipped)


def test_people_look_real(small):
    for person in Person.objects.select_related("gp_practice"):
        assert postcode_problem(person.postcode) is None
        assert person.given_name and person.family_name
        assert 1 <= person.imd_decile <= 10
        assert (TODAY - person.birth_date).days >= 18 * 365
        assert person.gp_practice.kind == "practice"


def _replay(referral, contacts, changes):
    """Walk the episode through episode_policy; return the (from, to) transitions it makes."""
    status, steps = episode_policy.WAITING, [("", episode_policy.WAITING)]
    for contact in contacts:
        after = episode_policy.status_after_contact(status, contact.outcome, contact.reached)
        if after != status:
            steps.append((status, after))
        status = after
    if referral.discharge_reason:
        after = episode_policy.status_after_discharge(status)
        steps.append((status, after))
        status = after
    assert status == referral.status
    return steps


def test_episodes_follow_the_episode_rules(small):
    contacts = defaultdict(list)
    for c in Contact.objects.order_by("occurred_at", "id"):
        contacts[c.referral_id].append(c)
    changes = defaultdict(list)
    for s in ReferralStatusChange.objects.order_by("created_at", "id"):
        changes[s.referral_id].append(s)
    roles = dict(User.objects.values_list("pk", "role"))
    for referral in Referral.objects.select_related("person"):
        mine = contacts[referral.id]
        steps = _replay(referral, mine, changes[referral.id])
        assert [(s.from_status, s.to_status) for s in changes[referral.id]] == steps
        reached = [c for c in mine if c.reached]
        assert referral.first_contact_at == (reached[0].occurred_at if reached else None)
        accepted = [c for c in mine if c.outcome == "accepted"]
        assert referral.accepted_on == (timezone.localdate(accepted[0].occurred_at) if accepted else None)
        if mine:
            assert referral.assigned_to_id == mine[0].practitioner_id
        assert all(referral.received_on < timezone.localdate(c.occurred_at) < TODAY for c in mine)
        if referral.status in episode_policy.CLOSED_STATUSES:
            assert referral.received_on <= referral.closed_on < TODAY
        else:
            assert referral.closed_on is None and referral.discharge_reason == ""
        if referral.status == episode_policy.DECLINED_STATUS:
            assert referral.closed_on == timezone.localdate(mine[-1].occurred_at)
        if referral.discharge_reason == "unable_to_contact":
            assert mine and not any(c.reached for c in mine)
        assert referral.pcn_id == referral.person.gp_practice.parent_id
        assert referral.practice_id == referral.person.gp_practice_id
        assert all(roles[c.practitioner_id] == c.practitioner_role for c in mine)


def test_a_persons_episodes_never_overlap(small):
    by_person = defaultdict(list)
    for r in Referral.objects.order_by("received_on"):
        by_person[r.person_id].append(r)
    assert any(len(v) > 1 for v in by_person.values())
    for episodes in by_person.values():
        for earlier, later in pairwise(episodes):
            assert earlier.status in episode_policy.CLOSED_STATUSES
            assert later.received_on > earlier.closed_on


def test_coding_events_are_exactly_what_the_coding_rules_produce(small):
    stored = {e.contact_id: e for e in CodingEvent.objects.all()}
    expected = {}
    contacts = defaultdict(list)
    for c in Contact.objects.select_related("referral__person").order_by("occurred_at", "id"):
        contacts[c.referral_id].append(c)
    for episode in contacts.values():
        facts = [
            ContactFacts(c.outcome, c.practitioner_role, c.purpose, timezone.localdate(c.occurred_at)) for c in episode
        ]
        for contact, code in zip(episode, codes_for_episode(facts), strict=True):
            if code is not None:
                expected[contact.id] = (contact, code)
    assert expected
    assert set(stored) == set(expected)
    for contact_id, (contact, code) in expected.items():
        event = stored[contact_id]
        assert (event.code, event.term) == (code.id, code.term)
        assert event.referral_id == contact.referral_id
        assert event.person_id == contact.referral.person_id
        assert event.practice_id == contact.referral.person.gp_practice_id
        assert event.contact_date == timezone.localdate(contact.occurred_at)
        assert event.due_by == event.contact_date + timedelta(days=catalogue().due_within_days)
        if event.status == "entered":
            assert event.entered_by.role == "practice_staff"
            assert event.entered_by.organisation_id == event.practice_id
            assert contact.occurred_at < event.entered_at
            assert timezone.localdate(event.entered_at) < TODAY
        else:
            assert event.entered_by is None and event.entered_at is None


def test_most_codes_are_entered_the_newest_pending_a_few_overdue(db):
    # Codes overdue on the day are a handful in 300 people, so this looks at more.
    generate(people=1500, seed=7, today=TODAY, progress=False)
    events = CodingEvent.objects.all()
    entered = events.filter(status="entered").count()
    assert entered / events.count() > 0.85
    pending = events.filter(status="pending")
    overdue = pending.filter(due_by__lt=TODAY).count()
    assert 0 < overdue < pending.count() + 1
    assert pending.filter(contact_date__gte=TODAY - timedelta(days=7)).exists()


def test_references_are_intact(small):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_live_caseload_has_waiting_active_and_closed(small):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"waiting", "active", "declined", "discharged"}
    newest = Referral.objects.order_by("-received_on").first()
    assert newest.status == "waiting"


def test_command_prints_rows_per_table_and_refuses_a_repeat(db):
    out = StringIO()
    call_command("generate", "--people", "40", "--seed", "3", "--today", "2026-03-31", stdout=out, verbosity=1)
    text = out.getvalue()
    assert "referrals_contact" in text and "rows/s" in text
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate", "--people", "40", "--seed", "3", "--today", "2026-03-31", verbosity=0)
    with pytest.raises(CommandError, match="no PCN"):
        call_command("generate", "--people", "5", "--into-pcn", "U99999", verbosity=0)


def test_into_pcn_uses_that_pcns_practices_and_staff(world):
    before = set(Organisation.objects.values_list("code", flat=True))
    generate(people=60, seed=1, today=TODAY, into_pcn=world.pcn.code, progress=False)
    assert set(Organisation.objects.values_list("code", flat=True)) == before
    people = Person.objects.filter(gp_practice__parent=world.pcn)
    assert people.count() == 60
    holders = {world.user(r).pk for r in ("link_worker", "health_and_wellbeing_coach", "care_coordinator")}
    assert set(Contact.objects.values_list("practitioner_id", flat=True)) <= holders
    assert set(Referral.objects.values_list("pcn_id", flat=True)) == {world.pcn.pk}


def test_work_happens_on_working_days(small):
    assert all(r.weekday() < 5 for r in Referral.objects.values_list("received_on", flat=True))
    assert all(timezone.localdate(t).weekday() < 5 for t in Contact.objects.values_list("occurred_at", flat=True))
    entered = CodingEvent.objects.filter(status="entered").values_list("entered_at", flat=True)
    assert all(timezone.localdate(t).weekday() < 5 for t in entered)
    closed = Referral.objects.filter(closed_on__isnull=False).values_list("closed_on", flat=True)
    assert all(d.weekday() < 5 for d in closed)


def test_the_loader_refuses_a_database_it_cannot_bulk_load():
    class OtherDatabase:
        vendor = "mysql"

    assert connection.vendor in SUPPORTED_VENDORS
    with pytest.raises(UnsupportedDatabase, match="not mysql"):
        Loader(OtherDatabase())


def test_every_postcode_is_in_the_postcode_directory_and_people_have_its_decile(small):
    known = dict(Postcode.objects.values_list("postcode", "imd_decile"))
    people = list(Person.objects.values_list("postcode", "imd_decile"))
    assert people and all(known[postcode] == decile for postcode, decile in people)
    services = list(Service.objects.all())
    assert services and all(s.postcode in known and s.latitude is not None for s in services)


def test_the_loaders_services_are_in_the_search_index(small):
    assert Service.objects.filter(search_entry__isnull=False).count() == Service.objects.count()
    service = Service.objects.order_by("name", "id").first()
    found = search.search(Service.objects.all(), search.Search(words=service.name, status=service.status))
    assert service.pk in {s.pk for s in found}


def test_into_pcn_puts_people_where_its_directory_is(world):
    ServiceFactory(organisation=world.vcse, postcode="BD1 1AA")  # the ICB's directory is in Bradford
    generate(people=40, seed=2, today=TODAY, into_pcn=world.pcn.code, progress=False)
    areas = {postcode_parts(p)[0] for p in Person.objects.values_list("postcode", flat=True)}
    assert areas == {"BD"}
    assert Postcode.objects.filter(postcode__startswith="BD").exists()
