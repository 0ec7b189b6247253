"""A PCN's staff at once on the embedded database: concurrent API clients, reading (which writes audit rows) and
writing, against a real server on a file-based SQLite database, get no server error. Before linkwork's SQLite
backend let writers take turns, writers that kept missing the lock gave up after 5 s: "database is locked", 500.

The server is the one `make bench-concurrency` uses (benchmarks/concurrency.py): the WSGI application with a pool of
threads, on linkwork.config.settings.local with DEBUG off.
"""

import pytest

from benchmarks.concurrency import Server, fresh_database, prepare, run_load

CLIENTS = 20
SECONDS = 15


@pytest.mark.concurrency
def test_concurrent_readers_and_writers_get_no_server_error(tmp_path):
    url = fresh_database("sqlite", tmp_path / "linkwork.sqlite3")
    world = prepare(url, CLIENTS, people=60)
    with Server(url, log=tmp_path / "server.log", threads=CLIENTS) as server:
        result = run_load(server.base, world, CLIENTS, SECONDS)
    log = (tmp_path / "server.log").read_text()
    assert result["server_errors"] == 0, (result["statuses"], result["failures"], log[-3000:])
    assert result["connection_errors"] == 0, result["failures"]
    # Every kind of request was made, and the writes went through.
    assert set(result["operations"]) == {
        "list_people",
        "list_referrals",
        "read_person",
        "register_person",
        "receive_referral",
        "record_contact",
    }
    assert result["statuses"].get("201", 0) > 0
    assert "database is locked" not in log
