"""`linkwork demo`: idempotent, a working login for every role, and something to see on the first screens."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.coding.models import CodingEvent
from linkwork.measures.due import measures_due_for
from linkwork.measures.models import MeasureResponse
from linkwork.organisations.models import Organisation
from linkwork.people.models import Person
from linkwork.plans.models import CarePlan
from linkwork.plans.reviews import plan_reviews_due_for
from linkwork.referrals.models import Contact, Referral
from linkwork.synthetic import demo


def _counts():
    return [m.objects.count() for m in (Organisation, User, Person, Referral, Contact, CodingEvent)]


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
    staff = User.objects.get(email="practice.staff@demo.linkwork.test")
    pending = CodingEvent.objects.filter(practice_id=staff.organisation_id, status="pending")
    assert pending.filter(due_by__lt=today).count() >= demo.OVERDUE_CODES


def test_demo_and_generate_refuse_to_run_in_production(db, settings):
    settings.LINKWORK_ALLOW_SYNTHETIC_DATA = False
    for command in (["demo"], ["generate", "--people", "10"]):
        with pytest.raises(CommandError, match="switched off"):
            call_command(*command)
