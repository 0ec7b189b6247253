"""Django's SQLite backend, with the writers of one process taking turns (ADR 0023).

SQLite allows one writer at a time. A connection that finds the database locked polls it (sleeping up to 100 ms
between tries) until its busy timeout runs out; polling is not a queue, so under a steady stream of writes, as from
20 API clients whose every request writes at least an audit row, an unlucky writer keeps missing its turn until the
timeout (Python's default, 5 s) and the request fails with "database is locked", reads included. Here the threads
of one process wait for the write lock in a queue instead (a threading.Lock per database file), taken just before
`BEGIN IMMEDIATE` and before any write statement outside a transaction, and given back at commit or rollback. The
busy timeout still covers other processes (several server workers, a management command), and is long.
"""

from __future__ import annotations

import re
import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()
# Statements that write: everything but reads, PRAGMAs that only read, and transaction control of our own.
_READ = re.compile(r"^\s*(SELECT|WITH|PRAGMA|EXPLAIN|BEGIN|COMMIT|ROLLBACK|RELEASE|SAVEPOINT)\b", re.IGNORECASE)


def _write_lock(name: str) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _held: threading.Lock | None = None

    def _acquire_write_lock(self) -> None:
        lock = _write_lock(str(self.settings_dict["NAME"]))
        if not lock.acquire(timeout=self.settings_dict["OPTIONS"].get("timeout", 5)):
            raise OperationalError("database is locked: another write in this process did not finish in time")
        self._held = lock

    def _release_write_lock(self) -> None:
        lock, self._held = self._held, None
        if lock is not None:
            lock.release()

    def _start_transaction_under_autocommit(self):
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=TakingTurnsCursor)
        cursor.wrapper = self
        return cursor


class TakingTurnsCursor(base.SQLiteCursorWrapper):
    """A write outside a transaction (an audit row saved on its own, say) is a transaction of its own to SQLite:
    it takes its turn like the others."""

    wrapper: DatabaseWrapper

    def _alone(self, query: str) -> bool:
        return self.wrapper._held is None and self.wrapper.get_autocommit() and not _READ.match(query)

    def execute(self, query, params=None):
        if not self._alone(query):
            return super().execute(query, params)
        self.wrapper._acquire_write_lock()
        try:
            return super().execute(query, params)
        finally:
            self.wrapper._release_write_lock()

    def executemany(self, query, param_list):
        if not self._alone(query):
            return super().executemany(query, param_list)
        self.wrapper._acquire_write_lock()
        try:
            return super().executemany(query, param_list)
        finally:
            self.wrapper._release_write_lock()
