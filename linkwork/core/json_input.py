"""Reading JSON that arrives from outside (API bodies, Open Referral files), refusing what would break the code
that walks it: text that is not JSON, and nesting so deep that a recursive reader or validator runs out of stack
(100,000 nested brackets were a 500 before this)."""

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.parser import Parser

from linkwork.core.errors import FieldError


class JsonInputError(Exception):
    """The input is not JSON linkwork can read. Carries the field and the rule, like every refusal (ADR 0004):
    400 when it cannot be read at all, 422 when it reads but holds what no text may (the NUL character)."""

    def __init__(self, rule: str, message: str, field: str = "body", status: int = 400):
        self.error = FieldError(field, rule, message)
        self.status = status
        super().__init__(message)


NUL = "\x00"


def nul_character(field: str) -> JsonInputError:
    # PostgreSQL cannot store it (a 500 before), and no person's name or note has one.
    return JsonInputError("null_character", "text may not contain the NUL character (\\u0000)", field, status=422)


def _check(document: Any, limit: int, field: str) -> None:
    """Refuse nesting deeper than `limit` and text holding NUL, walking without recursion."""
    stack: list[tuple[Any, int, str]] = [(document, 1, "")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                raise nul_character(path or field)
            continue
        children: Iterable[tuple[str, Any]]
        if isinstance(value, dict):
            if any(NUL in key for key in value):
                raise nul_character(path or field)
            children = value.items()
        elif isinstance(value, list):
            children = ((str(i), item) for i, item in enumerate(value))
        else:
            continue
        if depth > limit:
            raise JsonInputError("depth", f"the JSON nests more than {limit} levels deep", field)
        stack.extend((child, depth + 1, f"{path}.{key}" if path else key) for key, child in children)


def load_json(raw: bytes | str, *, field: str = "body", max_depth: int | None = None) -> Any:
    """Parse `raw` as JSON, or raise `JsonInputError` naming the field and the rule (`json`, `depth`, or
    `null_character` with the path of the text that holds it)."""
    limit = max_depth or settings.LINKWORK_JSON_MAX_DEPTH
    try:
        document = json.loads(raw)
    except RecursionError:
        raise JsonInputError("depth", f"the JSON nests more than {limit} levels deep", field) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonInputError("json", f"the {field} is not JSON: {exc}", field) from None
    _check(document, limit, field)
    return document


def read_json_body(request: HttpRequest) -> Any:
    """The request's body as JSON. Reads the stream itself, so a route allowed a larger body than Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE (the Open Referral import) is bounded by linkwork's own limit, checked before."""
    return load_json(request.read() or b"")


class BoundedJsonParser(Parser):
    """django-ninja's body parser with linkwork's limits; ninja turns its errors into HttpError(400)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return load_json(request.body)
