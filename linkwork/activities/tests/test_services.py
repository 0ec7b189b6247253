"""Recording activity through the service: kept for the practitioner's PCN with an audit row, never about or coded to
a person; other roles refused; a refused record stores nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from linkwork.activities.models import Activity
from linkwork.activities.services import record_activity
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


def record(user, **overrides):
    values = {"occurred_on": date(2026, 11, 19), "minutes": 120, "kind": "group_session", "note": " Walking group "}
    return record_activity(**{**values, **overrides}, user=user, auditor=Auditor(user))


def test_recorded_for_the_practitioners_pcn_with_an_audit_row_and_no_person(world):
    lw = world.user("link_worker")
    activity = record(lw)
    assert (activity.pcn, activity.practitioner, activity.created_by) == (world.pcn, lw, lw)
    assert (activity.minutes, activity.kind, activity.note) == (120, "group_session", "Walking group")
    row = AuditLog.objects.get(what="activity")
    assert (row.action, row.object_id, row.person_id) == ("create", str(activity.pk), None)
    assert row.detail == {"kind": "group_session", "minutes": 120, "occurred_on": "2026-11-19"}
    assert not AuditLog.objects.exclude(person_id=None).exists()


@pytest.mark.parametrize("role", ["health_and_wellbeing_coach", "care_coordinator"])
def test_coaches_and_care_coordinators_record_their_own_too(world, role):
    assert record(world.user(role)).practitioner == world.user(role)


@pytest.mark.parametrize("role", ["gp_supervisor", "pcn_manager", "practice_staff", "vcse_partner", "admin"])
def test_other_roles_record_nothing(world, role):
    with pytest.raises(RuleViolation) as exc:
        record(world.user(role))
    assert [(e.field, e.rule) for e in exc.value.errors] == [("user", "role")]
    assert not Activity.objects.exists()


def test_a_refused_record_stores_nothing_and_names_every_problem(world):
    with pytest.raises(RuleViolation) as exc:
        record(world.user("link_worker"), occurred_on=date(2026, 11, 21), minutes=900, kind="other", note="")
    assert [(e.field, e.rule) for e in exc.value.errors] == [
        ("occurred_on", "not_in_future"),
        ("minutes", "range"),
        ("note", "required_for_other"),
    ]
    assert not Activity.objects.exists() and not AuditLog.objects.filter(what="activity").exists()


def test_who_sees_which(world):
    lw, coach = world.user("link_worker"), world.user("health_and_wellbeing_coach")
    mine, theirs = record(lw), record(coach)
    other = record(world.other_users["link_worker"])
    assert list(Activity.objects.for_user(lw)) == [mine]
    assert set(Activity.objects.for_user(world.user("pcn_manager"))) == {mine, theirs}
    assert set(Activity.objects.for_user(world.user("gp_supervisor"))) == {mine, theirs}
    assert list(Activity.objects.for_user(world.other_users["pcn_manager"])) == [other]
    for role in ("practice_staff", "vcse_partner", "commissioner", "admin"):
        assert not Activity.objects.for_user(world.user(role)).exists()
