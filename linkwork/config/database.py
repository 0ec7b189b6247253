"""Database settings from DATABASE_URL.

SQLite is the embedded default (one file in the project folder) and runs in WAL mode with immediate
transactions, so concurrent readers never block the writer and writers never deadlock on upgrade, through
linkwork's own backend (linkwork.config.sqlite), whose writers in one process take turns instead of polling for
the lock (ADR 0023). The busy timeout, for writers in other processes, is 30 s rather than Python's 5 s.
PostgreSQL is selected with a postgres:// URL.
"""

from pathlib import Path
from typing import Any

import dj_database_url

SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-64000;"
        "PRAGMA mmap_size=268435456;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,  # seconds a writer waits for the lock (also the in-process turn) before "database is locked"
}


def database_from_url(url: str | None, default_sqlite_path: Path) -> dict[str, Any]:
    url = url or f"sqlite:///{default_sqlite_path}"
    config: dict[str, Any] = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "linkwork.config.sqlite"
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
        config["CONN_MAX_AGE"] = 0
        # In memory, named outright: pytest-django recognises SQLite by Django's own ENGINE name only, and would
        # otherwise derive a file name from NAME for each xdist worker.
        config["TEST"] = {"NAME": ":memory:"}
    else:
        config.setdefault("TEST", {})
    return config
