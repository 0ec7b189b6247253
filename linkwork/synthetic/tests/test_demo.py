"""`linkwork demo`: idempotent, a working login for every role, and something to see on the first screens."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.activities.models import Activity
from linkwork.coding.models import CodingEvent
from linkwork.community import search
from linkwork.community.models import CapacityStatement, Service
from linkwork.community.quality import presenters as quality
from linkwork.connections.models import Connection
from linkwork.core.roles import Role
from linkwork.geography.policy.postcodes import postcode_parts
from linkwork.measures.due import measures_due_for
from linkwork.measures.models import MeasureResponse
from linkwork.organisations.models import Organisation
from linkwork.people.models import Person
from linkwork.plans.models import CarePlan
from linkwork.plans.reviews import plan_reviews_due_for
from linkwork.referrals.models import Contact, Referral
from linkwork.synthetic import demo


def _counts():
    models = (Organisation, User, Person, Referral, Contact, CodingEvent, Service, Connection, Activity)
    return [m.objects.count() for m in models]


def test_demo_twice_changes_nothing_and_prints_the_same_logins(db):
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    counts = _counts()
    call_command("demo", stdout=second)
    assert _counts() == counts
    assert "nothing changed" in second.getvalue()
    logins = lambda text: text[text.index("Role") :]  # noqa: E731
    assert logins(first.getvalue()) == logins(second.getvalue())
    assert Person.objects.count() == demo.PEOPLE


def test_every_role_has_a_demo_login(db):
    demo.build_demo()
    for role in Role:
        user = User.objects.get(email=demo.email_for(role.value))
        assert user.role == role.value
        assert user.check_password(demo.PASSWORD)
    assert User.objects.get(email="link.worker@demo.linkwork.test").organisation.code == "U00001"
    assert User.objects.get(email="practice.staff@demo.linkwork.test").organisation.code == "D81001"
    assert Organisation.objects.get(code="QWO").name == "NHS Demo Integrated Care Board"


def test_demo_screens_have_work_on_them(db):
    demo.build_demo()
    today = timezone.localdate()
    worker = User.objects.get(email="link.worker@demo.linkwork.test")
    mine = Referral.objects.filter(assigned_to=worker)
    waiting = Referral.objects.filter(status="waiting", pcn__code="U00001").filter(assigned_to__in=[worker.pk, None])
    assert waiting.filter(urgency="urgent").count() >= demo.URGENT_WAITING
    assert mine.filter(status="active").exists()
    assert mine.filter(status="discharged", closed_on__gte=today - timezone.timedelta(days=30)).exists()
    active = list(mine.filter(status="active").values_list("pk", flat=True))
    assert CarePlan.objects.filter(referral__in=active).count() >= 3
    assert MeasureResponse.objects.filter(referral__in=active).count() >= 3
    assert len(plan_reviews_due_for(active, today)) >= demo.REVIEWS_DUE
    assert len(measures_due_for(active, today)) >= demo.MEASURES_DUE
    # The link worker's activity not about one person: some every few weeks, none in the future.
    activity = Activity.objects.filter(practitioner=worker)
    assert activity.filter(occurred_on__gte=today - timezone.timedelta(days=28)).exists()
    assert not activity.filter(occurred_on__gte=today).exists()
    staff = User.objects.get(email="practice.staff@demo.linkwork.test")
    pending = CodingEvent.objects.filter(practice_id=staff.organisation_id, status="pending")
    assert pending.filter(due_by__lt=today).count() >= demo.OVERDUE_CODES


def test_demo_and_generate_refuse_to_run_in_production(db, settings):
    settings.LINKWORK_ALLOW_SYNTHETIC_DATA = False
    for command in (["demo"], ["generate", "--people", "10"]):
        with pytest.raises(CommandError, match="switched off"):
            call_command(*command)


def test_demo_directory_has_riverside_agreements_and_connections_to_act_on(db):
    demo.build_demo()
    today = timezone.localdate()
    pcn = Organisation.objects.get(code=demo.PCN)
    riverside = Organisation.objects.get(code=demo.VCSE)
    partner = User.objects.get(email=demo.email_for("vcse_partner"))
    worker = User.objects.get(email=demo.email_for("link_worker"))
    services = Service.objects.filter(organisation__parent__code="QWO")
    assert 20 <= services.count() <= 80
    assert services.filter(public=True).count() >= 3
    assert Service.objects.filter(organisation=riverside, status="active").count() == demo.RIVERSIDE_SERVICES
    assert quality.may_connect(riverside.pk, pcn.pk, today).allowed
    standings = quality.standings(pcn.pk, today)
    assert any(s.agreement_state == "overdue" for s in standings)
    assert CapacityStatement.objects.filter(organisation=riverside).exists()
    assert quality.survey_standing(riverside.pk, today).state in ("due", "overdue")
    sent = Connection.objects.for_user(partner)
    waiting = sent.filter(status="requested", referral__assigned_to=worker)
    assert waiting.count() >= demo.WAITING_FOR_RIVERSIDE
    assert sent.filter(status="accepted").exists() and sent.filter(status="completed").exists()
    assert Connection.objects.filter(pcn=pcn).exclude(organisation=riverside).exists()


def test_the_demo_directory_finds_what_a_link_worker_means_near_the_people(db):
    """Issue 8, B2: found in a real browser on the demo. "money advice", "debt" and "welfare" did not find the
    Benefits check, and "money advice" found a choir run by a Money Advice Centre."""
    demo.build_demo()
    people_areas = {postcode_parts(p)[0] for p in Person.objects.values_list("postcode", flat=True)}
    assert people_areas == set(Service.objects.values_list("postcode_area", flat=True)) == {demo.DEMO_AREA}
    everything = Service.objects.all()
    for words in ("money advice", "debt", "welfare"):
        assert search.search(everything, search.Search(words=words))[0].name == "Benefits check", words
    found = list(search.search(everything, search.Search(words="money advice")))
    money_centre = [
        i for i, s in enumerate(found) if "Money Advice" in s.organisation.name and s.category != "money_welfare"
    ]
    assert all(i > 0 for i in money_centre)
    person = Person.objects.order_by("nhs_number").first()
    near = list(search.search(everything, search.Search(near=person.postcode, within=3)))
    assert near and all(search.distance_miles(s) <= 3 for s in near)
