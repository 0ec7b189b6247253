"""Writing the postcode directory: importing the ONS postcode file (geography.nspl reads its lines).

A file is stored whole or not at all, like every import: it is read once, line by line (the national file is about
2.7 million lines, so it is never held in memory), and written in batches inside one transaction that is rolled
back if any line breaks a rule. Postcodes in the file are added or brought up to date; postcodes the file does not
mention are left as they are, so a file for one area can be loaded beside another.
"""

import csv
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction

from linkwork.core.auditor import Auditor
from linkwork.geography import nspl
from linkwork.geography.models import Postcode

BATCH_ROWS = 10_000
MAX_REPORTED_ERRORS = 100
_FIELDS = ("postcode", "latitude", "longitude", "lsoa", "region", "country", "imd_rank", "imd_decile")


@dataclass
class PostcodeImportReport:
    dry_run: bool
    lines: int = 0
    located: int = 0
    unlocated: int = 0
    with_deprivation: int = 0
    errors: list[nspl.LineError] = field(default_factory=list)
    error_count: int = 0
    problem: str = ""  # the file as a whole could not be read

    @property
    def ok(self) -> bool:
        return not self.error_count and not self.problem

    @property
    def stored(self) -> bool:
        return self.ok and not self.dry_run

    def add_errors(self, found: list[nspl.LineError]) -> None:
        self.error_count += len(found)
        self.errors.extend(found[: max(0, MAX_REPORTED_ERRORS - len(self.errors))])

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "stored": self.stored,
            "postcodes": self.lines if self.ok else 0,
            "located": self.located,
            "without_location": self.unlocated,
            "with_deprivation": self.with_deprivation,
            "problem": self.problem,
            "errors": [e.as_dict() for e in self.errors],
            "errors_left_out": self.error_count - len(self.errors),
        }

    def summary(self) -> list[str]:
        if self.problem:
            return [f"Stored nothing: {self.problem}"]
        if not self.ok:
            lines = [f"Stored nothing: {self.error_count:,} line(s) break a rule"]
            lines += [f"error: {e}" for e in self.errors]
            if self.error_count > len(self.errors):
                lines.append(f"... and {self.error_count - len(self.errors):,} more")
            return lines
        verb = "Would store" if self.dry_run else "Stored"
        return [
            f"{verb} {self.lines:,} postcodes: {self.located:,} with a location, {self.unlocated:,} without; "
            f"{self.with_deprivation:,} with a deprivation decile"
        ]


class _RollBack(Exception):
    pass


def _insert_sql(on_conflict: str) -> str:
    quote = connection.ops.quote_name
    table = quote(Postcode._meta.db_table)
    names = ", ".join(quote(f) for f in _FIELDS)
    marks = ", ".join(["%s"] * len(_FIELDS))
    # INSERT ... ON CONFLICT reads the same on SQLite (3.24 and later) and PostgreSQL.
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({quote('postcode')}) {on_conflict}"


def _upsert_sql() -> str:
    updates = ", ".join(
        f"{connection.ops.quote_name(f)} = excluded.{connection.ops.quote_name(f)}" for f in _FIELDS[1:]
    )
    return _insert_sql(f"DO UPDATE SET {updates}")


class _Writer:
    """Writes batches of rows, adding postcodes and updating those already stored. SQLite: one prepared INSERT ...
    ON CONFLICT run for every row (executemany binds them in C). PostgreSQL: COPY into a temporary table, then one
    INSERT ... SELECT ... ON CONFLICT per batch; a row at a time over the network would take ten times as long."""

    def __init__(self, cursor, *, update: bool = True):
        self.cursor = cursor
        self.postgresql = connection.vendor == "postgresql"
        quote = connection.ops.quote_name
        updates = ", ".join(f"{quote(f)} = excluded.{quote(f)}" for f in _FIELDS[1:])
        on_conflict = f"DO UPDATE SET {updates}" if update else "DO NOTHING"
        self.sql = _insert_sql(on_conflict)
        if self.postgresql:
            table = quote(Postcode._meta.db_table)
            names = ", ".join(quote(f) for f in _FIELDS)
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS postcode_batch (LIKE {table}) ON COMMIT DROP")
            cursor.execute("TRUNCATE postcode_batch")
            self.copy_sql = f"COPY postcode_batch ({names}) FROM STDIN"
            # DISTINCT ON: a postcode twice in one batch must not stop the statement before the repeat is reported.
            self.sql = (
                f"INSERT INTO {table} ({names}) SELECT DISTINCT ON ({quote('postcode')}) {names} FROM postcode_batch "
                f"ON CONFLICT ({quote('postcode')}) {on_conflict}"
            )

    def write(self, rows: list[nspl.Row]) -> None:
        if not self.postgresql:
            self.cursor.executemany(self.sql, rows)
            return
        with self.cursor.copy(self.copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        self.cursor.execute(self.sql)
        self.cursor.execute("TRUNCATE postcode_batch")


def add_postcodes(rows: list[nspl.Row]) -> int:
    """Add postcodes the directory lacks, leaving those it has as they are (the synthetic data's places, which must
    never overwrite a real postcode file's). Returns how many were added."""
    before = Postcode.objects.count()
    with transaction.atomic(), connection.cursor() as cursor:
        writer = _Writer(cursor, update=False)
        for start in range(0, len(rows), BATCH_ROWS):
            writer.write(rows[start : start + BATCH_ROWS])
    return Postcode.objects.count() - before


def import_postcodes(
    lines: Iterable[str],
    *,
    auditor: Auditor,
    dry_run: bool = False,
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> PostcodeImportReport:
    """Read an NSPL / ONSPD CSV (an iterable of its lines, header first) and store its postcodes: all, or none when
    any line breaks a rule (every such line is reported) or in a dry run. `progress` is told the lines read so far,
    every batch."""
    report = PostcodeImportReport(dry_run=dry_run)
    reader = csv.reader(lines)
    try:
        cols = nspl.columns(next(reader))
    except StopIteration:
        report.problem = "the file is empty"
        return report
    except nspl.FileProblem as exc:
        report.problem = str(exc)
        return report
    numbers, at_line = array("q"), array("q")
    line_reader = nspl.LineReader(cols)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                writer = _Writer(cursor) if not dry_run else None
                batch: list[nspl.Row] = []
                line_errors: list[nspl.LineError] = []
                for number, fields in enumerate(reader, start=2):
                    row = line_reader.read(number, fields, line_errors)
                    if row is None:
                        report.add_errors(line_errors)
                        line_errors.clear()
                        continue
                    report.lines += 1
                    numbers.append(nspl.postcode_number(row[0]))
                    at_line.append(number)
                    if row[1] is None:
                        report.unlocated += 1
                    else:
                        report.located += 1
                    if row[7] is not None:
                        report.with_deprivation += 1
                    if dry_run or report.error_count:
                        continue  # a line is wrong: read on to report every one, but write nothing more
                    batch.append(row)
                    if len(batch) >= BATCH_ROWS:
                        assert writer is not None
                        writer.write(batch)
                        batch.clear()
                        if progress:
                            progress(number)
                if batch and writer is not None and not report.error_count:
                    writer.write(batch)
            report.add_errors(_repeats(numbers, at_line, cols.postcode_name))
            report.errors.sort(key=lambda e: e.line)
            if not report.ok or dry_run:
                raise _RollBack
            auditor.record(
                "create",
                "postcode_directory",
                detail={"source": source, "postcodes": report.lines, "located": report.located},
            )
    except _RollBack:
        pass
    return report


def _repeats(numbers: array, at_line: array, column: str) -> list[nspl.LineError]:
    """A line for each postcode given more than once (every line it is on after the first)."""
    values = np.frombuffer(numbers, dtype=np.int64) if len(numbers) else np.zeros(0, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    repeated = np.nonzero(ordered[1:] == ordered[:-1])[0] + 1
    lines = np.frombuffer(at_line, dtype=np.int64) if len(at_line) else np.zeros(0, dtype=np.int64)
    first_line = {}
    errors = []
    for k in repeated.tolist():
        value = int(ordered[k])
        if value not in first_line:
            start = k - 1
            while start > 0 and ordered[start - 1] == value:
                start -= 1
            first_line[value] = int(lines[order[start]])
        line = int(lines[order[k]])
        errors.append(nspl.LineError(line, column, "unique", f"the postcode is also on line {first_line[value]:,}"))
    return sorted(errors, key=lambda e: e.line)
