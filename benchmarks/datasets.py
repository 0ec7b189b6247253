"""The benchmark databases: a SQLite file and a PostgreSQL database, each holding one generated dataset.

A marker table records what was generated (people, seed, today, and a fingerprint of the generator code and
migrations) and how long it took; a database whose marker matches the request is reused, anything else is
dropped and generated again.
"""

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SQLITE_PATH = RESULTS / "bench.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/")
POSTGRES_DB = os.environ.get("BENCH_POSTGRES_DB", "linkwork_bench")
SETTINGS = "linkwork.config.settings.test"
MARKER = "benchmark_marker"
# What decides the data generated: the generator's modules (not the demo, the commands or the tests) and the
# definitions it scores measures and builds plans with.
NOT_DATA = ("__init__.py", "apps.py", "demo.py", "guard.py")
DATA_FILES = tuple(
    f"linkwork/{app}/data/**/*" for app in ("measures", "plans", "community", "connections", "geography", "synthetic")
)
NOT_GENERATOR_DIRECTORIES = ("tests", "management")


def generated_apps() -> list[str]:
    """The apps whose tables the generator fills (the table names in synthetic.loader start with the app label).
    Only their migrations decide whether a dataset must be generated again; other apps' new tables are added to
    a reused dataset by `migrate`."""
    loader = (ROOT / "linkwork" / "synthetic" / "loader.py").read_text()
    apps = {path.parent.parent.name for path in ROOT.glob("linkwork/*/migrations/0*.py")}
    # The postcode directory is filled through geography.services (synthetic.postcodes), not the loader.
    return sorted(app for app in apps if f"from linkwork.{app}.models import" in loader or app == "geography")


@dataclass(frozen=True)
class Request:
    people: int
    seed: int
    today: str

    def fingerprint(self) -> str:
        """Changes when the data the generator makes, or the schema it loads into, could change."""
        digest = hashlib.sha256()
        synthetic = ROOT / "linkwork" / "synthetic"
        sources = [
            p
            for p in sorted(synthetic.rglob("*.py"))
            if p.name not in NOT_DATA and not set(p.relative_to(synthetic).parts) & set(NOT_GENERATOR_DIRECTORIES)
        ]
        sources += [p for pattern in DATA_FILES for p in sorted(ROOT.glob(pattern)) if p.is_file()]
        sources += [p for app in generated_apps() for p in sorted(ROOT.glob(f"linkwork/{app}/migrations/0*.py"))]
        for path in sources:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def as_marker(self) -> dict:
        return {"people": self.people, "seed": self.seed, "today": self.today, "code": self.fingerprint()}


def database_url(database: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return POSTGRES_SERVER.rstrip("/") + "/" + POSTGRES_DB


def env_for(database: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": database_url(database)}


def _manage(database: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "linkwork.manage", *args], check=True, env=env_for(database), cwd=ROOT)


# ---- marker -------------------------------------------------------------------------------------
def read_marker(database: str) -> dict | None:
    try:
        if database == "sqlite":
            if not SQLITE_PATH.exists():
                return None
            import sqlite3

            with sqlite3.connect(SQLITE_PATH) as conn:
                row = conn.execute(f"SELECT value FROM {MARKER} WHERE key = 'dataset'").fetchone()
        else:
            with psycopg.connect(database_url(database), connect_timeout=5) as conn:
                row = conn.execute(f"SELECT value FROM {MARKER} WHERE key = 'dataset'").fetchone()
    except (psycopg.Error, Exception):  # no database, no table: not generated
        return None
    return json.loads(row[0]) if row else None


def write_marker(database: str, marker: dict) -> None:
    create = f"CREATE TABLE IF NOT EXISTS {MARKER} (key varchar(32) PRIMARY KEY, value text NOT NULL)"
    if database == "sqlite":
        import sqlite3

        with sqlite3.connect(SQLITE_PATH) as conn:
            conn.execute(create)
            conn.execute(f"INSERT OR REPLACE INTO {MARKER} VALUES ('dataset', ?)", [json.dumps(marker)])
    else:
        with psycopg.connect(database_url(database)) as conn:
            conn.execute(create)
            conn.execute(
                f"INSERT INTO {MARKER} VALUES ('dataset', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [json.dumps(marker)],
            )


# ---- (re)creating --------------------------------------------------------------------------------
def _drop(database: str) -> None:
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    with psycopg.connect(POSTGRES_SERVER.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {POSTGRES_DB}")


def ensure_dataset(database: str, request: Request, regenerate: bool, log=print) -> dict:
    """The marker of a database holding the requested dataset, generating it if needed."""
    wanted = request.as_marker()
    marker = None if regenerate else read_marker(database)
    if marker and all(marker.get(k) == v for k, v in wanted.items()):
        log(f"[{database}] reusing the generated dataset ({request.people:,} people, seed {request.seed})")
        _manage(database, "migrate", "--noinput", "-v", "0")  # tables of apps the generator does not fill
        return marker
    log(f"[{database}] generating {request.people:,} people, seed {request.seed}, today {request.today}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    _drop(database)
    _manage(database, "migrate", "--noinput", "-v", "0")
    summary_path = RESULTS / f"generate-{database}.json"
    started = time.perf_counter()
    _manage(
        database,
        "generate",
        "--people",
        str(request.people),
        "--seed",
        str(request.seed),
        "--today",
        request.today,
        "--summary-json",
        str(summary_path),
    )
    wall = time.perf_counter() - started
    summary = json.loads(summary_path.read_text())
    summary_path.unlink()
    marker = {**wanted, "generator": summary, "generate_wall_seconds": round(wall, 1)}
    write_marker(database, marker)
    return marker
