"""The caseload's question: whose agreed review is near or past? One query, however many episodes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.reviews import plan_reviews_due_for
from linkwork.plans.tests.factories import make_plan
from linkwork.referrals.tests.factories import ReferralFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()


def episode_with_review(world, review_on, status="active"):
    referral = ReferralFactory(person=PersonFactory(gp_practice=world.practice), status="active")
    make_plan(referral, world.user("link_worker"), review_on=review_on)
    if status != "active":
        referral.status = status
        referral.save()
    return referral


@time_machine.travel(NOW)
def test_due_within_a_week_overdue_after_and_ended_episodes_left_out(world):
    overdue = episode_with_review(world, TODAY - timedelta(days=1))
    due_today = episode_with_review(world, TODAY)
    due_in_a_week = episode_with_review(world, TODAY + timedelta(days=7))
    later = episode_with_review(world, TODAY + timedelta(days=8))
    discharged = episode_with_review(world, TODAY - timedelta(days=3), status="discharged")
    no_plan = ReferralFactory(person=PersonFactory(gp_practice=world.practice))
    found = plan_reviews_due_for([r.pk for r in (overdue, due_today, due_in_a_week, later, discharged, no_plan)], TODAY)
    assert {rid: review.state for rid, review in found.items()} == {
        overdue.pk: "overdue",
        due_today.pk: "due",
        due_in_a_week.pk: "due",
    }
    assert found[overdue.pk].review_on == date(2026, 11, 19) and found[overdue.pk].label == "Review overdue"
    assert found[due_today.pk].label == "Review due"


@time_machine.travel(NOW)
def test_one_query_however_many_episodes(world):
    few = [episode_with_review(world, TODAY).pk for _ in range(2)]
    many = few + [episode_with_review(world, TODAY - timedelta(days=i)).pk for i in range(1, 12)]
    with CaptureQueriesContext(connection) as small:
        assert len(plan_reviews_due_for(few, TODAY)) == 2
    with CaptureQueriesContext(connection) as large:
        assert len(plan_reviews_due_for(many, TODAY)) == 13
    assert len(small) == len(large) == 1
    with CaptureQueriesContext(connection) as none:
        assert plan_reviews_due_for([], TODAY) == {}
    assert len(none) == 0
