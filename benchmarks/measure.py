"""Server time and SQL query counts of the main pages, measured in-process with Django's test client.

Run by benchmarks.run in a subprocess whose DATABASE_URL points at a generated benchmark database:

    python -m benchmarks.measure --today 2026-11-01 --requests 200 --out result.json

The clock is moved to the dataset's `today` (time-machine), so "waiting", "recently discharged" and "overdue"
mean what they meant when the data was generated. No timed assertions: this records, it does not judge.
"""

import argparse
import json
import os
import statistics
import time
from datetime import date, datetime
from datetime import time as clock_time
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.test")

import django

django.setup()

import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from linkwork.accounts.models import User  # noqa: E402
from linkwork.accounts.services import issue_api_token  # noqa: E402
from linkwork.coding.models import CodingEvent  # noqa: E402
from linkwork.community.models import Service  # noqa: E402
from linkwork.community.quality import presenters as quality  # noqa: E402
from linkwork.connections.models import Connection  # noqa: E402
from linkwork.core.auditor import Auditor  # noqa: E402
from linkwork.measures.models import MeasureResponse  # noqa: E402
from linkwork.people.models import Person  # noqa: E402
from linkwork.plans.models import CarePlanVersion, Goal  # noqa: E402
from linkwork.referrals import policy as episode_policy  # noqa: E402
from linkwork.referrals.models import Contact, Referral  # noqa: E402

WARM_UP = 5


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client: Client, method: str, path: str, requests: int, expect: int, after=None, **kwargs) -> dict:
    """Time `requests` requests after a warm-up. `after`, if given, runs after every request, untimed and outside
    the query count (e.g. to delete what a create made, so the next one is not refused as a duplicate)."""
    send = getattr(client, method)
    tidy = after or (lambda: None)
    with CaptureQueriesContext(connection) as first:
        response = send(path, **kwargs)
    # captured_queries reads the connection's log, which the next request clears: copy it now.
    first_queries = list(first.captured_queries)
    tidy()
    if response.status_code != expect:
        raise RuntimeError(f"{method.upper()} {path} answered {response.status_code}, expected {expect}")
    for _ in range(WARM_UP):
        send(path, **kwargs)
        tidy()
    times, queries = [], set()
    for i in range(requests):
        if i % 50 == 0:  # recount now and then: the count must not drift
            with CaptureQueriesContext(connection) as captured:
                send(path, **kwargs)
            queries.add(len(captured))
            tidy()
        started = time.perf_counter()
        response = send(path, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
        tidy()
        if response.status_code != expect:
            raise RuntimeError(f"{method.upper()} {path} answered {response.status_code}, expected {expect}")
    return {
        "path": path,
        "method": method.upper(),
        "requests": requests,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
        "queries": len(first_queries),
        "queries_stable": queries == {len(first_queries)},
        "query_ms_first_request": round(sum(float(q["time"]) for q in first_queries) * 1000, 1),
        "slowest_queries": sorted(
            ({"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]} for q in first_queries),
            key=lambda q: -q["ms"],
        )[:3],
        "bytes": len(response.content),
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def caseload_sizes() -> list[tuple[User, int]]:
    """Link workers and how many open episodes (waiting or active) each holds, smallest first."""
    open_counts = (
        Referral.objects.filter(status__in=episode_policy.OPEN_STATUSES, assigned_to__role="link_worker")
        .values("assigned_to")
        .annotate(n=Count("id"))
        .order_by("n", "assigned_to")
    )
    rows = list(open_counts)
    users = User.objects.in_bulk([r["assigned_to"] for r in rows])
    return [(users[r["assigned_to"]], r["n"]) for r in rows]


def full_history_person() -> tuple[Person, dict]:
    """The heaviest person page: of the people with the most episodes (a sample), the one with the most
    contacts, measures and care plan versions together; with those counts."""
    most = Referral.objects.values("person").annotate(n=Count("id")).order_by("-n").first()["n"]
    candidates = list(
        Referral.objects.values("person").annotate(n=Count("id")).filter(n=most).values_list("person", flat=True)[:2000]
    )
    per_person = (  # (what, model, the path from it to the person)
        ("contacts", Contact, "referral__person"),
        ("measures", MeasureResponse, "person"),
        ("plan_versions", CarePlanVersion, "care_plan__referral__person"),
        ("goals", Goal, "care_plan__referral__person"),
    )
    counts: dict = {}
    for name, model, person in per_person:
        rows = model.objects.filter(**{f"{person}__in": candidates}).values(person).annotate(n=Count("id"))
        for person_id, n in rows.values_list(person, "n"):
            counts.setdefault(person_id, {})[name] = n
    heaviest = max(counts, key=lambda pk: (sum(counts[pk].values()), str(pk)))
    person = Person.objects.select_related("gp_practice").get(pk=heaviest)
    return person, {
        "episodes": most,
        **{name: counts[heaviest].get(name, 0) for name, _, _ in per_person},
    }


def busiest_practice_staff() -> tuple[User, int]:
    row = (
        CodingEvent.objects.filter(status="pending")
        .values("practice")
        .annotate(n=Count("id"))
        .order_by("-n", "practice")
        .first()
    )
    user = User.objects.filter(organisation_id=row["practice"], role="practice_staff").order_by("email").first()
    return user, row["n"]


def run(today: date, requests: int) -> dict:
    now = datetime.combine(today, clock_time(12), ZoneInfo("Europe/London"))
    results: dict = {"endpoints": {}, "subjects": {}}
    with time_machine.travel(now, tick=True):
        sizes = caseload_sizes()
        typical, typical_n = sizes[len(sizes) // 2]
        largest, largest_n = sizes[-1]
        person, history = full_history_person()
        viewer = User.objects.filter(organisation_id=person.gp_practice.parent_id, role="link_worker").order_by(
            "email"
        )[0]
        staff, pending = busiest_practice_staff()
        results["subjects"] = {
            "caseload_typical": {"user": typical.email, "open_episodes": typical_n},
            "caseload_largest": {"user": largest.email, "open_episodes": largest_n},
            "person": {"id": str(person.pk), **history, "viewer": viewer.email},
            "worklist": {"user": staff.email, "pending_codes": pending},
        }
        endpoints = results["endpoints"]
        endpoints["caseload_typical"] = measure(_client(typical), "get", "/caseload", requests, 200)
        endpoints["caseload_largest"] = measure(_client(largest), "get", "/caseload", requests, 200)
        endpoints["person_full_history"] = measure(_client(viewer), "get", f"/people/{person.pk}", requests, 200)
        endpoints["coding_worklist"] = measure(_client(staff), "get", "/coding/worklist", requests, 200)
        endpoints["api_create_referral"] = _api_create(typical, today, requests)
        search = directory_queries(typical)
        results["subjects"]["directory"] = {"user": typical.email, **search}
        endpoints["directory_search_words"] = measure(_client(typical), "get", search["words_path"], requests, 200)
        endpoints["directory_search_words_only"] = measure(
            _client(typical), "get", search["words_only_path"], requests, 200
        )
        endpoints["directory_search_place"] = measure(_client(typical), "get", search["place_path"], requests, 200)
        endpoints["directory_search_distance"] = measure(
            _client(typical), "get", search["distance_path"], requests, 200
        )
        connect = _api_connect(typical, today, requests)
        if connect is not None:
            results["subjects"]["connection"] = connect.pop("subject")
            endpoints["api_create_connection"] = connect
    same = endpoints["caseload_typical"]["queries"] == endpoints["caseload_largest"]["queries"]
    results["caseload_queries_independent_of_size"] = same
    return results


def _api_create(user: User, today: date, requests: int) -> dict:
    """POST /api/v1/referrals for a person in the user's PCN; the referrals it makes are deleted afterwards."""
    token = issue_api_token(user, Auditor(system="benchmark"))
    person = (
        Person.objects.filter(gp_practice__parent_id=user.organisation_id)
        .exclude(Q(referrals__status__in=episode_policy.OPEN_STATUSES))
        .order_by("id")
        .first()
    )
    body = {
        "person": str(person.pk),
        "received_on": today.isoformat(),
        "referrer_type": "gp",
        "reasons": ["loneliness"],
    }
    client = Client()
    before = set(Referral.objects.filter(person=person).values_list("pk", flat=True))
    try:
        return measure(
            client,
            "post",
            "/api/v1/referrals",
            requests,
            201,
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    finally:
        Referral.objects.filter(person=person).exclude(pk__in=before).delete()


def directory_queries(user: User) -> dict:
    """A typical staff directory search (a word of a common service's name with its category), words alone ("money
    advice": a phrase whose synonyms make the widest full-text query), a place-only search (the postcode district of
    the user's PCN's busiest service area) and a distance search (within 5 miles of a service's postcode there)."""
    pcn_icb = user.organisation.parent_id
    services = Service.objects.filter(status="active", organisation__parent_id=pcn_icb)
    common = services.values("category").annotate(n=Count("id")).order_by("-n", "category").first()
    sample = services.filter(category=common["category"]).order_by("name", "id").first()
    word = max(sample.name.split(), key=len).lower()
    district = (
        services.exclude(postcode_district="")
        .values("postcode_district")
        .annotate(n=Count("id"))
        .order_by("-n", "postcode_district")
        .first()["postcode_district"]
    )
    near = services.filter(postcode_district=district).order_by("postcode", "id").first().postcode
    return {
        "words_path": f"/directory?{urlencode({'q': word, 'category': common['category'], 'place': ''})}",
        "words_only_path": f"/directory?{urlencode({'q': 'money advice', 'category': '', 'place': ''})}",
        "place_path": f"/directory?{urlencode({'q': '', 'category': '', 'place': district})}",
        "distance_path": f"/directory?{urlencode({'q': '', 'category': '', 'place': near, 'within': '5'})}",
    }


def _api_connect(user: User, today: date, requests: int) -> dict | None:
    """POST /api/v1/referrals/{id}/connections: one connection from an active episode of the user's to a service
    the PCN may connect people to today; the connections it makes are deleted afterwards (their status changes go
    with them). None when the dataset has no such episode or service."""
    referral = Referral.objects.filter(assigned_to=user, status=episode_policy.ACTIVE).order_by("id").first()
    if referral is None:
        return None
    candidates = (
        Service.objects.filter(status="active", organisation__parent_id=user.organisation.parent_id)
        .exclude(connections__referral=referral)
        .order_by("id")
    )
    service = next(
        (s for s in candidates[:200] if quality.may_connect(s.organisation_id, referral.pcn_id, today).allowed), None
    )
    if service is None:
        return None
    token = issue_api_token(user, Auditor(system="benchmark"))
    body = {
        "connections": [
            {
                "service": str(service.pk),
                "kind": "referral",
                "reason": "Would like to meet people nearby.",
                "shared_fields": ["name", "contact_details"],
                "consent": True,
                "contact_details": "07700 900123",
            }
        ]
    }
    before = set(Connection.objects.filter(referral=referral).values_list("pk", flat=True))

    def made() -> None:  # each request's connection is removed before the next, so none is refused as a duplicate
        Connection.objects.filter(referral=referral).exclude(pk__in=before).delete()

    client = Client()
    try:
        result = measure(
            client,
            "post",
            f"/api/v1/referrals/{referral.pk}/connections",
            requests,
            201,
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            after=made,
        )
    finally:
        made()
    result["subject"] = {"user": user.email, "referral": str(referral.pk), "service": str(service.pk)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = run(args.today, args.requests)
    result["database"] = connection.vendor
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
