"""What an import says: how many organisations and services it made, changed or left, and every error and
warning by row."""

from dataclasses import dataclass, field
from typing import Any

from linkwork.interop.openreferral.validation import RowError

MAX_REPORTED_ERRORS = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class ImportReport:
    dry_run: bool
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    organisations: Counts = field(default_factory=Counts)
    services: Counts = field(default_factory=Counts)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stored(self) -> bool:
        return self.ok and not self.dry_run

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "stored": self.stored,
            "organisations": self.organisations.as_dict(),
            "services": self.services.as_dict(),
            "errors": [e.as_dict() for e in self.errors[:MAX_REPORTED_ERRORS]],
            "errors_left_out": max(0, len(self.errors) - MAX_REPORTED_ERRORS),
            "warnings": [w.as_dict() for w in self.warnings[:MAX_REPORTED_ERRORS]],
        }

    def lines(self) -> list[str]:
        """The report as a person reads it (the management command prints these)."""
        o, s = self.organisations, self.services
        verb = "Would store" if self.dry_run else ("Stored" if self.stored else "Stored nothing")
        lines = [
            f"{verb}: organisations {o.created} new, {o.updated} changed, {o.unchanged} unchanged; "
            f"services {s.created} new, {s.updated} changed, {s.unchanged} unchanged"
        ]
        if not self.ok:
            lines[0] = f"Stored nothing: {len(self.errors)} error(s) in the file"
        lines += [f"error: {e}" for e in self.errors]
        lines += [f"warning: {w}" for w in self.warnings]
        return lines
