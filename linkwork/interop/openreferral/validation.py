"""Checking a document against the kept schemas (the UK profile and HSDS 3.0), and the row errors every check
and the import report."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
UK_PROFILE_SCHEMA = SCHEMAS / "uk-profile" / "organization_package.json"
HSDS_SCHEMAS = SCHEMAS / "hsds-3.0"


@dataclass(frozen=True)
class RowError:
    """One problem with one organization (and service) of a file: where, which field, which rule, and why."""

    organization: int | None
    service: int | None
    path: str
    field: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "service": self.service,
            "path": self.path,
            "field": self.field,
            "rule": self.rule,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = "file" if self.organization is None else f"organization {self.organization}"
        if self.service is not None:
            where += f", service {self.service}"
        return f"{where}: {self.path} ({self.field}, {self.rule}): {self.message}"


def json_path(parts: Iterable[Any]) -> str:
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _indexes(parts: list[Any]) -> tuple[int | None, int | None]:
    organization = parts[0] if parts and isinstance(parts[0], int) else None
    service = parts[2] if len(parts) > 2 and parts[1] == "services" and isinstance(parts[2], int) else None
    return organization, service


@cache
def _uk_validator() -> Draft202012Validator:
    schema = json.loads(UK_PROFILE_SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


@cache
def _hsds_validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    """HSDS 3.0's organization and service schemas, their $refs to sibling files resolved from the kept copies."""
    resources = []
    contents = {}
    for path in sorted(HSDS_SCHEMAS.glob("*.json")):
        contents[path.name] = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, DRAFT202012.create_resource(contents[path.name])))
    registry: Registry = Registry().with_resources(resources)
    checker = FormatChecker()
    return (
        Draft202012Validator(contents["organization.json"], registry=registry, format_checker=checker),
        Draft202012Validator(contents["service.json"], registry=registry, format_checker=checker),
    )


def _schema_errors(validator: Draft202012Validator, instance: Any, prefix: list[Any], schema: str) -> Iterator:
    for error in validator.iter_errors(instance):
        parts = [*prefix, *error.absolute_path]
        last = next((p for p in reversed(parts) if isinstance(p, str)), "")
        if error.validator == "required" and isinstance(error.instance, dict):
            # The field is the one that is missing, not the object it is missing from.
            last = next((p for p in error.validator_value if p not in error.instance), last)
        yield parts, last, f"{schema}:{error.validator}", error.message


def validate_document(document: Any) -> list[RowError]:
    """Every way `document` breaks the UK profile or HSDS 3.0, each naming the path in the file."""
    found: dict[tuple[str, str], RowError] = {}
    problems = list(_schema_errors(_uk_validator(), document, [], "uk-profile"))
    if isinstance(document, list):
        organization_validator, service_validator = _hsds_validators()
        for i, organization in enumerate(document):
            problems += _schema_errors(organization_validator, organization, [i], "hsds-3.0")
            services = organization.get("services") if isinstance(organization, dict) else None
            for j, service in enumerate(services if isinstance(services, list) else []):
                problems += _schema_errors(service_validator, service, [i, "services", j], "hsds-3.0")
    for parts, last, rule, message in problems:
        path = json_path(parts)
        if (path, message) not in found:
            organization, service = _indexes(parts)
            found[(path, message)] = RowError(organization, service, path, last, rule, message)
    return sorted(found.values(), key=_position)


def _position(error: "RowError") -> tuple[int, int, str]:
    return (
        -1 if error.organization is None else error.organization,
        -1 if error.service is None else error.service,
        error.path,
    )
