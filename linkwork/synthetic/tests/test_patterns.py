"""The published patterns the synthetic data reproduces (reporting.md), checked in direction on 6,000 people."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import Count

from linkwork.people.models import Person
from linkwork.referrals.models import Referral, ReferralReason
from linkwork.synthetic import distributions as dist
from linkwork.synthetic.generator import generate

TODAY = date(2026, 3, 31)


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            generate(people=6000, seed=11, today=TODAY, progress=False)
            reasons = list(
                ReferralReason.objects.values_list(
                    "reason", "referral__received_on", "referral__person__imd_decile", "referral__person__sex"
                )
            )
            referrals = list(Referral.objects.values_list("referrer_type", "urgency", "status", "person__birth_date"))
            people = list(Person.objects.values_list("birth_date", flat=True))
            transaction.set_rollback(True)
    yield reasons, referrals, people
    # This fixture outlives a test, so pytest-django does not tidy its connection: close it, or the test
    # database cannot be dropped at the end of the session (PostgreSQL refuses while a session is open).
    with django_db_blocker.unblock():
        from django.db import connections

        connections.close_all()


def _count(rows, reason, key):
    return Counter(key(r) for r in rows if r[0] == reason)


def test_money_and_housing_rise_with_deprivation(dataset):
    reasons, _, _ = dataset
    quintile = lambda r: (r[2] + 1) // 2  # noqa: E731
    money, housing = _count(reasons, "money", quintile), _count(reasons, "housing", quintile)
    money_ratio = money[1] / money[5]
    housing_ratio = housing[1] / housing[5]
    assert 2.5 < money_ratio < 5
    assert housing_ratio > money_ratio
    assert housing_ratio > 5


def test_money_and_housing_rates_grow_over_the_two_years(dataset):
    reasons, _, _ = dataset
    first, last = TODAY.toordinal() - 730, TODAY.toordinal() - 730 + 91 * 7
    quarter = lambda r: (  # noqa: E731
        "first" if r[1].toordinal() < first + 91 else "last" if r[1].toordinal() >= last else None
    )
    money, housing = _count(reasons, "money", quarter), _count(reasons, "housing", quarter)
    assert 2.2 < money["last"] / money["first"] < 4
    assert 1.3 < housing["last"] / housing["first"] < 2.6
    assert money["last"] / money["first"] > housing["last"] / housing["first"]


def test_housing_higher_in_men_money_higher_in_women(dataset):
    reasons, _, _ = dataset
    sex = lambda r: r[3]  # noqa: E731
    money, housing = _count(reasons, "money", sex), _count(reasons, "housing", sex)
    assert money["female"] > 1.15 * money["male"]
    assert housing["male"] > 1.4 * housing["female"]


def test_lowest_referral_rates_at_18_to_39(dataset):
    _, _, birth_dates = dataset
    bands = Counter()
    for born in birth_dates:
        age = (TODAY - born).days // 365.25
        bands[next(i for i, (lo, hi) in enumerate(dist.AGE_BANDS) if lo <= age <= hi)] += 1
    rates = [bands[i] / share for i, share in enumerate(dist.AGE_POPULATION_SHARES)]
    assert rates[0] == min(rates)


def test_referrer_mix_urgency_and_outcomes(dataset):
    _, referrals, _ = dataset
    n = len(referrals)
    referrers = Counter(r[0] for r in referrals)
    assert referrers.most_common(1)[0][0] == "gp"
    assert 0.02 < referrers["self_referral"] / n < 0.07
    assert 0.03 < sum(r[1] == "urgent" for r in referrals) / n < 0.07
    statuses = Counter(r[2] for r in referrals)
    closed = statuses["declined"] + statuses["discharged"]
    assert 0.08 < statuses["declined"] / closed < 0.16
    assert 1.35 < n / 6000 < 1.65


def test_most_accepted_episodes_have_six_to_eight_contacts(db):
    generate(people=400, seed=12, today=TODAY, progress=False)
    done = (
        Referral.objects.filter(status="discharged", accepted_on__isnull=False)
        .annotate(n=Count("contacts"))
        .values_list("n", flat=True)
    )
    counts = Counter(done)
    assert sum(counts[k] for k in (6, 7, 8)) / sum(counts.values()) > 0.5
