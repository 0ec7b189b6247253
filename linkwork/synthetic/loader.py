"""Bulk-load column arrays straight into tables, without model instances.

SQLite: one prepared INSERT run with executemany on the raw sqlite3 connection. PostgreSQL: COPY ... FROM
STDIN in text format through psycopg 3. Each table's columns come from its model, so a field added to a
model and not to the generator fails loudly here rather than loading wrong rows.

Column values the generator hands over, by the kind of model field:
  UUID / foreign key   32-character hex as a bytes array; b"" is NULL (or a scalar for every row)
  DateTimeField        int64 seconds since 1970-01-01 UTC; clock.NULL is NULL
  DateField            int64 day number since 1970-01-01; clock.NULL is NULL
  BooleanField         bool array
  integer fields       int array
  FloatField           float array (NaN is NULL), or a list of float with None for NULL
  text fields          str array, bytes array, a list of str (e.g. JSON text), or a scalar for every row
"""

import itertools
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.db import DatabaseError, models, transaction
from django.db import connection as default_connection

from linkwork.accounts.models import User
from linkwork.activities.models import Activity
from linkwork.coding.models import CodingEvent
from linkwork.community.models import (
    Agreement,
    AgreementException,
    CapacityStatement,
    CatchUp,
    ConfidenceSurvey,
    QualityAssessment,
    Service,
)
from linkwork.connections.models import Connection, ConnectionEngagementReport, ConnectionStatusChange
from linkwork.measures.models import MeasureResponse
from linkwork.organisations.models import Organisation
from linkwork.people.models import Person
from linkwork.plans.models import CarePlan, CarePlanVersion, Goal, GoalProgressChange
from linkwork.referrals.models import Contact, Referral, ReferralCriterion, ReferralReason, ReferralStatusChange
from linkwork.synthetic.clock import Formatter


@dataclass
class Batch:
    """One table's rows, converted and ready to write: column lists (SQLite) or COPY text blocks (PostgreSQL)."""

    table: str
    columns: list[str]
    rows: int
    payload: list


TABLES = {
    "organisation": Organisation,
    "user": User,
    "person": Person,
    "referral": Referral,
    "referralreason": ReferralReason,
    "referralcriterion": ReferralCriterion,
    "contact": Contact,
    "referralstatuschange": ReferralStatusChange,
    "codingevent": CodingEvent,
    "careplan": CarePlan,
    "goal": Goal,
    "goalprogresschange": GoalProgressChange,
    "careplanversion": CarePlanVersion,
    "measureresponse": MeasureResponse,
    "service": Service,
    "capacitystatement": CapacityStatement,
    "qualityassessment": QualityAssessment,
    "agreement": Agreement,
    "catchup": CatchUp,
    "agreementexception": AgreementException,
    "confidencesurvey": ConfidenceSurvey,
    "connection": Connection,
    "connectionstatuschange": ConnectionStatusChange,
    "connectionengagementreport": ConnectionEngagementReport,
    "activity": Activity,
}
# The directory's tables, loaded once per run after the organisations and users, parents first.
DIRECTORY_ORDER = (
    "service",
    "capacitystatement",
    "qualityassessment",
    "agreement",
    "catchup",
    "agreementexception",
    "confidencesurvey",
)
# Filled beside the loaded tables (the directory's search index by triggers, the postcode directory by
# synthetic.postcodes): their statistics matter to the planner as much.
ALSO_ANALYSED = ("community_service_search", "geography_postcode")
COPY_BLOCK_ROWS = 100_000
# COPY text format: backslash, tab, newline and carriage return inside a field are written as escapes.
_COPY_SPECIAL = np.frombuffer(b"\\\t\n\r", dtype=np.uint8)


def copy_escape(text: bytes) -> bytes:
    return text.replace(b"\\", b"\\\\").replace(b"\t", b"\\t").replace(b"\n", b"\\n").replace(b"\r", b"\\r")


def _kind(field: models.Field) -> str:
    target = field.target_field if field.is_relation else field
    internal = target.get_internal_type()
    if internal == "UUIDField":
        return "uuid"
    if internal == "DateTimeField":
        return "moment"
    if internal == "DateField":
        return "date"
    if internal == "BooleanField":
        return "bool"
    if "Integer" in internal or internal == "AutoField":
        return "int"
    if internal == "FloatField":
        return "float"
    return "str"


def columns_of(model) -> list[tuple[str, str]]:
    return [(f.column, _kind(f)) for f in model._meta.concrete_fields]


class UnsupportedDatabase(Exception):
    """The bulk loader speaks SQLite's executemany and PostgreSQL's COPY, the two databases linkwork runs on."""


SUPPORTED_VENDORS = ("sqlite", "postgresql")


class Loader:
    def __init__(self, connection=None):
        self.connection = connection or default_connection
        self.vendor = self.connection.vendor
        if self.vendor not in SUPPORTED_VENDORS:
            raise UnsupportedDatabase(f"bulk loading is written for SQLite and PostgreSQL, not {self.vendor}")
        self.rows: Counter = Counter()
        self.seconds: Counter = Counter()
        self.notes: list[str] = []
        self.formatter = Formatter()

    # -- session and transactions ------------------------------------------------------------------
    @contextmanager
    def session(self, *, drop_indexes: bool = False):
        """Settings for the whole load; the caller's own transaction, if any, is left as it is.

        Outside a transaction: on SQLite no fsync, a 1 GB page cache and no foreign key checks (this connection
        only); on PostgreSQL, foreign key triggers off for this session when the role may do that (as
        pg_restore --disable-triggers does), since checking every row at commit costs more than the load.
        The generator builds every reference itself, and the test suite loads with checks on.
        With drop_indexes, plain (non-unique) indexes on the loaded tables are dropped and rebuilt at the end,
        which is several times faster than maintaining them row by row for millions of rows.
        """
        self.connection.ensure_connection()
        outside = not self.connection.in_atomic_block
        restore: list[str] = []
        if outside and self.vendor == "sqlite":
            raw = self.connection.connection
            for pragma, value in (("synchronous", "OFF"), ("cache_size", "-1000000"), ("foreign_keys", "OFF")):
                restore.append(f"PRAGMA {pragma}={raw.execute(f'PRAGMA {pragma}').fetchone()[0]}")
                raw.execute(f"PRAGMA {pragma}={value}")
        elif outside:
            with self.connection.cursor() as cursor:
                try:
                    with transaction.atomic(using=self.connection.alias):
                        cursor.execute("SET session_replication_role = replica")
                    restore.append("SET session_replication_role = DEFAULT")
                except DatabaseError:
                    self.notes.append("foreign key checks stay on (the database role may not turn them off)")
        dropped = self._drop_indexes() if drop_indexes and outside else []
        try:
            yield self
        finally:
            self._create_indexes(dropped)
            for statement in restore:
                self._execute(statement)
            if outside and self.vendor == "postgresql":
                started = time.perf_counter()
                for table in [m._meta.db_table for m in TABLES.values()] + list(ALSO_ANALYSED):
                    self._execute(f"ANALYZE {self.connection.ops.quote_name(table)}")
                self.seconds["analyze"] += time.perf_counter() - started

    def _execute(self, sql: str) -> None:
        if self.vendor == "sqlite":
            self.connection.connection.execute(sql)
        else:
            with self.connection.cursor() as cursor:
                cursor.execute(sql)

    def _plain_indexes(self) -> list[tuple[str, str]]:
        """(name, CREATE INDEX statement) of every non-unique index on the loaded tables."""
        tables = [m._meta.db_table for m in TABLES.values()]
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                marks = ", ".join("?" * len(tables))
                rows = self.connection.connection.execute(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql LIKE 'CREATE INDEX%' "
                    f"AND tbl_name IN ({marks})",
                    tables,
                ).fetchall()
            else:
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE NOT x.indisunique AND NOT x.indisprimary AND x.indrelid = ANY(%s::regclass[])",
                    [tables],
                )
                rows = cursor.fetchall()
        return [(name, sql) for name, sql in rows]

    def _drop_indexes(self) -> list[tuple[str, str]]:
        indexes = self._plain_indexes()
        for name, _ in indexes:
            self._execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")
        self.notes.append(f"dropped {len(indexes)} indexes for the load and rebuilt them after")
        return indexes

    def _create_indexes(self, indexes: list[tuple[str, str]]) -> None:
        started = time.perf_counter()
        for _, sql in indexes:
            self._execute(sql)
        if indexes:
            self.seconds["rebuild indexes"] += time.perf_counter() - started

    @contextmanager
    def batch(self):
        """One transaction (a savepoint if already in one) per batch of tables."""
        with transaction.atomic(using=self.connection.alias):
            if self.vendor == "postgresql":
                with self.connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            yield

    # -- conversion --------------------------------------------------------------------------------
    def _values(self, kind: str, value, n: int, nullable: bool):
        """The column as a sequence of Python values for sqlite3."""
        if value is None or isinstance(value, str | bytes | int | float | bool):
            if isinstance(value, bytes):
                value = value.decode() or None
            return itertools.repeat(value, n)
        if kind == "float":
            numbers = np.asarray(value, dtype=float)
            if len(numbers) != n:
                raise ValueError(f"column has {len(numbers)} values, expected {n}")
            return [None if x != x else x for x in numbers.tolist()]  # NaN is NULL
        if isinstance(value, list):  # text, already as Python strings
            if len(value) != n:
                raise ValueError(f"column has {len(value)} values, expected {n}")
            return value
        arr = np.asarray(value)
        if len(arr) != n:
            raise ValueError(f"column has {len(arr)} values, expected {n}")
        if kind == "moment":
            arr = self.formatter.moments(arr)
        elif kind == "date":
            arr = self.formatter.dates(arr)
        if kind in ("uuid", "moment", "date") or arr.dtype.kind == "S":
            items = arr.tolist()
            return [x.decode() if x else None for x in items] if nullable else list(map(bytes.decode, items))
        return arr.tolist()

    def _copy_field(self, kind: str, value, n: int) -> np.ndarray:
        """The column as COPY text-format fields: a bytes array, NULL as \\N."""
        if value is None or isinstance(value, str | bytes | int | float | bool):
            if value is None or (value in ("", b"") and kind == "uuid"):
                text = b"\\N"
            elif isinstance(value, bool):
                text = b"t" if value else b"f"
            else:
                text = value if isinstance(value, bytes) else str(value).encode()
                text = copy_escape(text)
            return np.full(n, text, dtype=f"S{max(len(text), 1)}")
        if kind == "float":
            numbers = np.asarray(value, dtype=float)
            if len(numbers) != n:
                raise ValueError(f"column has {len(numbers)} values, expected {n}")
            return np.array([b"\\N" if x != x else repr(x).encode() for x in numbers.tolist()], dtype=bytes)
        if isinstance(value, list):  # text as Python strings: kept as a list of fields (see _copy_rows)
            if len(value) != n:
                raise ValueError(f"column has {len(value)} values, expected {n}")
            if any(not isinstance(v, str) for v in value):  # whole numbers, with None for NULL
                return [b"\\N" if v is None else str(int(v)).encode() for v in value]
            fields = [v.encode() for v in value]
            joined = "\x00".join(value)
            if any(special in joined for special in "\\\t\n\r"):
                fields = [copy_escape(f) for f in fields]
            return fields
        arr = np.asarray(value)
        if len(arr) != n:
            raise ValueError(f"column has {len(arr)} values, expected {n}")
        if kind == "moment":
            arr = self.formatter.moments(arr, b"+00")
        elif kind == "date":
            arr = self.formatter.dates(arr)
        elif kind == "bool":
            return np.where(arr, b"t", b"f")
        elif kind == "int":
            return arr.astype(np.int64).astype("S20")
        elif arr.dtype.kind == "U":
            try:
                arr = arr.astype(f"S{arr.dtype.itemsize // 4}")
            except UnicodeEncodeError:
                arr = np.char.encode(arr, "utf-8")
        if kind in ("uuid", "moment", "date"):
            return np.where(arr == b"", b"\\N", arr)
        if arr.size and np.isin(np.ascontiguousarray(arr).view(np.uint8), _COPY_SPECIAL).any():
            arr = np.array([copy_escape(x) for x in arr.tolist()], dtype=bytes)
        return arr

    @staticmethod
    def _copy_rows(fields: list, lo: int, hi: int) -> bytes:
        """COPY text rows joined in Python, for a table with a column of long, varied text (e.g. JSON), which
        would make _copy_text's fixed-width byte matrix mostly padding."""
        columns = [f[lo:hi] if isinstance(f, list) else f[lo:hi].tolist() for f in fields]
        return b"\n".join(map(b"\t".join, zip(*columns, strict=True))) + b"\n"

    def _copy_text(self, fields: list[np.ndarray], n: int) -> bytes:
        """COPY text rows from per-column bytes arrays, built as one byte matrix: each field in a fixed-width
        slot, tab or newline after it, zero bytes as padding, then the padding squeezed out."""
        widths = [f.dtype.itemsize for f in fields]
        matrix = np.zeros((n, sum(widths) + len(fields)), dtype=np.uint8)
        offset = 0
        for i, (f, w) in enumerate(zip(fields, widths, strict=True)):
            matrix[:, offset : offset + w] = np.ascontiguousarray(f).view(np.uint8).reshape(n, w)
            matrix[:, offset + w] = ord("\t") if i < len(fields) - 1 else ord("\n")
            offset += w + 1
        flat = matrix.ravel()
        return flat[flat != 0].tobytes()

    # -- loading -----------------------------------------------------------------------------------
    def prepare(self, key: str, data: dict) -> Batch | None:
        """Convert one table's columns for the database (no database access, so it may run in another thread)."""
        model = TABLES[key]
        spec = columns_of(model)
        names = [c for c, _ in spec]
        if set(names) != set(data):
            missing, extra = sorted(set(names) - set(data)), sorted(set(data) - set(names))
            raise ValueError(
                f"{model.__name__}: generator columns do not match the model (missing {missing}, extra {extra})"
            )
        n = next((len(v) for v in data.values() if hasattr(v, "__len__") and not isinstance(v, str | bytes)), 0)
        if n == 0:
            return None
        nullable = {f.column: f.null for f in model._meta.concrete_fields}
        converted: dict[tuple[int, str], object] = {}

        def column(name: str, kind: str):
            value = data[name]
            cache_key = (id(value), kind) if isinstance(value, np.ndarray) else None
            if cache_key in converted:
                return converted[cache_key]
            if self.vendor == "sqlite":
                result = self._values(kind, value, n, nullable[name])
            else:
                result = self._copy_field(kind, value, n)
            if cache_key is not None:
                converted[cache_key] = result
            return result

        values = [column(name, kind) for name, kind in spec]
        if self.vendor == "postgresql" and any(isinstance(v, list) for v in values):
            values = [self._copy_rows(values, lo, lo + COPY_BLOCK_ROWS) for lo in range(0, n, COPY_BLOCK_ROWS)]
        elif self.vendor == "postgresql":
            values = [
                self._copy_text([v[lo : lo + COPY_BLOCK_ROWS] for v in values], min(COPY_BLOCK_ROWS, n - lo))
                for lo in range(0, n, COPY_BLOCK_ROWS)
            ]
        return Batch(model._meta.db_table, names, n, values)

    def write(self, batch: Batch | None) -> int:
        if batch is None:
            return 0
        started = time.perf_counter()
        quote = self.connection.ops.quote_name
        table, cols = quote(batch.table), ", ".join(quote(c) for c in batch.columns)
        if self.vendor == "sqlite":
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(batch.columns))})"
            self.connection.connection.executemany(sql, zip(*batch.payload, strict=False))
        else:
            with self.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for block in batch.payload:
                    copy.write(block)
        self.rows[batch.table] += batch.rows
        self.seconds[batch.table] += time.perf_counter() - started
        return batch.rows

    def load(self, key: str, data: dict) -> int:
        return self.write(self.prepare(key, data))
