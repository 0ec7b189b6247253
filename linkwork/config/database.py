"""Database settings from DATABASE_URL.

SQLite is the embedded default (one file in the project folder) and runs in WAL mode with immediate
transactions, so concurrent readers never block the writer and writers never deadlock on upgrade.
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
}


def database_from_url(url: str | None, default_sqlite_path: Path) -> dict[str, Any]:
    url = url or f"sqlite:///{default_sqlite_path}"
    config: dict[str, Any] = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
        config["CONN_MAX_AGE"] = 0
        config["TEST"] = {"NAME": None}
    else:
        config.setdefault("TEST", {})
    return config
