"""`make bench-concurrency`: many API clients at once against a real server, on SQLite and on PostgreSQL.

    .venv/bin/python -m benchmarks.concurrency [--clients 20] [--seconds 60] [--databases sqlite,postgres]
                                               [--out benchmarks/results/concurrency.json]

For each database: a fresh database (SQLite: benchmarks/results/concurrency.sqlite3; PostgreSQL: linkwork_concurrency
on BENCH_POSTGRES), migrated, with one PCN, its practices, a link worker per client (each with an API token) and a
few hundred people with referrals; then the WSGI application on 127.0.0.1 with a pool of threads (DEBUG off), and
`--clients` threads sending a mix of reads and writes through the API for `--seconds`: lists and single reads (which
write audit rows), and registering people, receiving referrals and recording contacts. Reports, per database, the
request count, the count of each status (any 5xx is a failure), and p50/p95/max latency, overall and per operation,
to stdout and to a JSON file. Nothing here asserts: tests/test_concurrency.py runs a small version that does.
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SQLITE_PATH = RESULTS / "concurrency.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/")
POSTGRES_DB = "linkwork_concurrency"
SETTINGS = "linkwork.config.settings.local"
PEOPLE = 300
# (operation, weight): reads that write audit rows, and the writes a link worker's day is made of.
MIX = [
    ("list_people", 30),
    ("list_referrals", 20),
    ("read_person", 15),
    ("register_person", 15),
    ("receive_referral", 10),
    ("record_contact", 10),
]


def database_url(database: str, sqlite_path: Path = SQLITE_PATH) -> str:
    if database == "sqlite":
        return f"sqlite:///{sqlite_path}"
    return POSTGRES_SERVER.rstrip("/") + "/" + POSTGRES_DB


def server_env(url: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": url, "DEBUG": "false"}


def fresh_database(database: str, sqlite_path: Path = SQLITE_PATH) -> str:
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    else:
        import psycopg

        with psycopg.connect(POSTGRES_SERVER.rstrip("/") + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {POSTGRES_DB}")
    return database_url(database, sqlite_path)


def prepare(url: str, clients: int, people: int = PEOPLE) -> dict:
    """Migrate and fill the database (in a subprocess on the server's settings); the tokens and ids to use."""
    env = server_env(url)
    subprocess.run(
        [sys.executable, "-m", "linkwork.manage", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.concurrency", "--fill", str(clients), "--people", str(people)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fill(clients: int, how_many: int) -> None:
    """Runs inside Django (see `prepare`): organisations, link workers with tokens, people with referrals."""
    import django

    django.setup()
    from linkwork.accounts.services import create_user, issue_api_token
    from linkwork.core.auditor import Auditor
    from linkwork.organisations.services import create_organisation
    from linkwork.people.services import PersonDetails, practices_within_reach, register_person
    from linkwork.referrals.services import ReferralDetails, receive_referral

    auditor = Auditor(system="bench-concurrency")
    create_organisation(kind="icb", code="QXX", name="Bench ICB", parent_code=None, auditor=auditor)
    create_organisation(kind="pcn", code="U99999", name="Bench PCN", parent_code="QXX", auditor=auditor)
    practices = [f"Y9{n:04d}" for n in range(3)]
    for code in practices:
        create_organisation(kind="practice", code=code, name=f"Practice {code}", parent_code="U99999", auditor=auditor)
    users = [
        create_user(
            email=f"worker{n}@bench.linkwork.test", role="link_worker", organisation_code="U99999", auditor=auditor
        )
        for n in range(clients)
    ]
    tokens = [issue_api_token(user, auditor) for user in users]
    people, referrals = [], []
    reach = practices_within_reach(users[0])
    for n in range(how_many):
        details = PersonDetails(
            nhs_number=test_nhs_number(n),
            given_name=f"Given{n}",
            family_name=f"Family{n}",
            birth_date=date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            sex="female" if n % 2 else "male",
            postcode="LS1 4AP",
            gp_practice=practices[n % len(practices)],
        )
        person, _ = register_person(details, practices=reach, auditor=auditor)
        referral = receive_referral(
            ReferralDetails(received_on=date(2026, 10, 1), referrer_type="gp", reasons=["loneliness"]),
            user=users[n % len(users)],
            auditor=auditor,
            person=person,
        ).referral
        people.append(str(person.pk))
        referrals.append(str(referral.pk))
    print(json.dumps({"tokens": tokens, "people": people, "referrals": referrals, "practices": practices}))


def test_nhs_number(n: int) -> str:
    """The n-th valid NHS number in the 999 range, which is never issued to a real patient."""
    from nhs_number import calculate_checksum

    while True:
        stem = f"999{n % 1_000_000:06d}"
        check = calculate_checksum(stem)
        if check is not None and check < 10:
            return stem + str(check)
        n += 7_919  # a stem whose check digit would be 10 has no valid number: take another


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, threads: int) -> None:
    """Runs in the server's process: linkwork's WSGI application on 127.0.0.1 with a pool of `threads` threads that
    are reused from request to request, as a production WSGI server's are (so each keeps its database connection
    for CONN_MAX_AGE; Django's runserver starts a thread per request instead)."""
    from concurrent.futures import ThreadPoolExecutor
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, format, *args):  # one line per request is noise at this rate
            pass

    class Pooled(WSGIServer):
        request_queue_size = 128
        pool = ThreadPoolExecutor(max_workers=threads)

        def process_request(self, request, client_address):
            self.pool.submit(self._handle, request, client_address)

        def _handle(self, request, client_address):
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    make_server("127.0.0.1", port, get_wsgi_application(), server_class=Pooled, handler_class=Quiet).serve_forever()


class Server:
    """linkwork on 127.0.0.1 (see `serve`) for as long as the `with` block lasts."""

    def __init__(self, url: str, port: int | None = None, log: Path | None = None, threads: int = 20):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = server_env(url)
        self.log = log
        self.threads = threads

    def __enter__(self) -> "Server":
        out = open(self.log, "w") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.concurrency", "--serve", str(self.port), "--threads", str(self.threads)],
            env=self.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/api/v1/openapi.json", timeout=2).read()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server stopped (exit {self.process.returncode})") from None
                time.sleep(0.2)
        self.process.kill()
        raise RuntimeError("the server did not start within 60 seconds")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, operation: str, status: int | str, ms: float, detail: str = "") -> None:
        with self.lock:
            self.statuses[str(status)] += 1
            self.latencies.setdefault(operation, []).append(ms)
            failed = (isinstance(status, int) and status >= 500) or isinstance(status, str)
            if failed and len(self.failures) < 20:
                self.failures.append(f"{operation}: {status} {detail[:300]}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0


def _request(base: str, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _client(base: str, token: str, world: dict, until: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    operations, weights = zip(*MIX, strict=True)
    serial = 0
    while time.monotonic() < until:
        operation = rng.choices(operations, weights)[0]
        serial += 1
        if operation == "list_people":
            args = ("GET", f"/api/v1/people?limit=20&offset={rng.randrange(0, 200)}", None)
        elif operation == "list_referrals":
            args = ("GET", f"/api/v1/referrals?limit=10&offset={rng.randrange(0, 200)}", None)
        elif operation == "read_person":
            args = ("GET", f"/api/v1/people/{rng.choice(world['people'])}", None)
        elif operation == "register_person":
            number = test_nhs_number(1_000 + seed * 40_000 + serial)
            body = {
                "nhs_number": number,
                "given_name": "Bench",
                "family_name": f"Client{seed}",
                "birth_date": "1980-05-17",
                "sex": "female",
                "postcode": "LS1 4AP",
                "gp_practice": rng.choice(world["practices"]),
            }
            args = ("POST", "/api/v1/people", body)
        elif operation == "receive_referral":
            body = {
                "person": rng.choice(world["people"]),
                "received_on": "2026-11-02",
                "referrer_type": "gp",
                "reasons": ["loneliness"],
            }
            args = ("POST", "/api/v1/referrals", body)
        else:
            body = {
                "occurred_at": "2026-11-03T10:00:00Z",
                "mode": "phone",
                "duration_minutes": 15,
                "reached": False,
                "outcome": "no_response",
            }
            args = ("POST", f"/api/v1/referrals/{rng.choice(world['referrals'])}/contacts", body)
        started = time.perf_counter()
        try:
            status, text = _request(base, token, *args)
        except OSError as exc:
            status, text = f"error:{type(exc).__name__}", str(exc)
        tally.add(operation, status, (time.perf_counter() - started) * 1000, text)


def run_load(base: str, world: dict, clients: int, seconds: float) -> dict:
    """`clients` threads for `seconds`; what they got back."""
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(base, world["tokens"][n % len(world["tokens"])], world, until, tally, n))
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = [ms for values in tally.latencies.values() for ms in values]
    statuses = dict(sorted(tally.statuses.items()))
    return {
        "requests": len(every),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(every) / elapsed, 1),
        "statuses": statuses,
        "server_errors": sum(n for status, n in statuses.items() if status.startswith("5")),
        "connection_errors": sum(n for status, n in statuses.items() if status.startswith("error")),
        "p50_ms": _percentile(every, 0.50),
        "p95_ms": _percentile(every, 0.95),
        "max_ms": round(max(every, default=0.0), 1),
        "operations": {
            name: {"requests": len(v), "p50_ms": _percentile(v, 0.5), "p95_ms": _percentile(v, 0.95)}
            for name, v in sorted(tally.latencies.items())
        },
        "failures": tally.failures,
    }


def measure(database: str, clients: int, seconds: float, threads: int) -> dict:
    url = fresh_database(database)
    print(f"[{database}] preparing {url}", flush=True)
    world = prepare(url, clients)
    log = RESULTS / f"concurrency-{database}-server.log"
    with Server(url, log=log, threads=threads) as server:
        print(f"[{database}] {clients} clients for {seconds:.0f} s against {server.base}", flush=True)
        return run_load(server.base, world, clients, seconds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Concurrent API clients against a real server, per database.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--out", type=Path, default=RESULTS / "concurrency.json")
    parser.add_argument("--threads", type=int, default=20, help="the server's threads (default: one per client)")
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--people", type=int, default=PEOPLE, help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fill:
        _fill(args.fill, args.people)
        return
    if args.serve:
        serve(args.serve, args.threads)
        return

    from benchmarks.machine import machine_info

    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "parameters": {
            "clients": args.clients,
            "seconds": args.seconds,
            "mix": dict(MIX),
            "server_threads": args.threads,
        },
        "databases": {},
    }
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        if database not in ("sqlite", "postgres"):
            parser.error(f"unknown database {database!r}; use sqlite and/or postgres")
        result = measure(database, args.clients, args.seconds, args.threads)
        report["databases"][database] = result
        print(
            f"[{database}] {result['requests']:,} requests ({result['requests_per_second']}/s), "
            f"5xx: {result['server_errors']}, connection errors: {result['connection_errors']}, "
            f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms; {result['statuses']}",
            flush=True,
        )
        for failure in result["failures"][:5]:
            print(f"    {failure}")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {args.out}")


if __name__ == "__main__":
    main()
