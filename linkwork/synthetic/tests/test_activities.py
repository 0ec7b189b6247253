"""Synthetic activity not about one person: every caseload holder records some, at the volumes the module states (a
link worker about 15% of 37.5 hours a week), as the service would have stored it (a sample replays through it)."""

from collections import defaultdict
from datetime import date

import pytest
import time_machine

from linkwork.accounts.models import User
from linkwork.activities import policy
from linkwork.activities.models import Activity
from linkwork.activities.services import record_activity
from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.core.auditor import Auditor
from linkwork.core.roles import CASELOAD_ROLES
from linkwork.synthetic.clock import HISTORY_DAYS
from linkwork.synthetic.generator import generate

TODAY = date(2026, 3, 31)
REPLAYED = 30


@pytest.fixture
def dataset(db):
    return generate(people=900, seed=6, today=TODAY, progress=False)


def test_every_caseload_holder_records_some_at_plausible_volumes(dataset):
    holders = User.objects.filter(role__in=CASELOAD_ROLES)
    minutes = defaultdict(int)
    for activity in Activity.objects.select_related("practitioner"):
        assert activity.practitioner.role in CASELOAD_ROLES
        assert activity.pcn_id == activity.practitioner.organisation_id
        assert activity.kind in ACTIVITY_KINDS and 1 <= activity.minutes <= policy.MAX_MINUTES
        assert activity.occurred_on < TODAY and not policy.names_an_nhs_number(activity.note)
        minutes[activity.practitioner] += activity.minutes
    assert set(minutes) == set(holders)
    weeks = HISTORY_DAYS / 7
    for holder, total in minutes.items():
        hours_a_week = total / 60 / weeks
        if holder.role == "link_worker":
            assert 4 <= hours_a_week <= 8, (holder, hours_a_week)  # about 15% of 37.5 hours
        else:
            assert 1.5 <= hours_a_week <= 5, (holder, hours_a_week)


def test_a_sample_replays_through_the_service_to_the_same_rows(dataset):
    sample = list(Activity.objects.select_related("practitioner").order_by("id")[:REPLAYED])
    stored = [(a.pcn_id, a.practitioner_id, a.occurred_on, a.minutes, a.kind, a.note) for a in sample]
    Activity.objects.filter(pk__in=[a.pk for a in sample]).delete()
    replayed = []
    for a in sample:
        with time_machine.travel(a.created_at, tick=False):
            made = record_activity(
                occurred_on=a.occurred_on,
                minutes=a.minutes,
                kind=a.kind,
                note=a.note,
                user=a.practitioner,
                auditor=Auditor(a.practitioner),
            )
        replayed.append((made.pcn_id, made.practitioner_id, made.occurred_on, made.minutes, made.kind, made.note))
    assert replayed == stored


def test_adding_people_to_a_pcn_again_adds_no_more_activity(dataset):
    pcn = User.objects.filter(role="link_worker").first().organisation
    before = Activity.objects.count()
    generate(people=30, seed=60, today=TODAY, progress=False, into_pcn=pcn.code)
    assert Activity.objects.count() == before
