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
    """The input is not JSON linkwork can read. Carries the field and the rule, like every refusal (ADR 0004)."""

    def __init__(self, rule: str, message: str, field: str = "body"):
        self.error = FieldError(field, rule, message)
        super().__init__(message)


def _depth(document: Any) -> int:
    """How deeply arrays and objects nest (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def load_json(raw: bytes | str, *, field: str = "body", max_depth: int | None = None) -> Any:
    """Parse `raw` as JSON, or raise `JsonInputError` naming `field` and the rule (`json` or `depth`)."""
    limit = max_depth or settings.LINKWORK_JSON_MAX_DEPTH
    too_deep = JsonInputError("depth", f"the JSON nests more than {limit} levels deep", field)
    try:
        document = json.loads(raw)
    except RecursionError:
        raise too_deep from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonInputError("json", f"the {field} is not JSON: {exc}", field) from None
    if _depth(document) > limit:
        raise too_deep
    return document


def read_json_body(request: HttpRequest) -> Any:
    """The request's body as JSON. Reads the stream itself, so a route allowed a larger body than Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE (the Open Referral import) is bounded by linkwork's own limit, checked before."""
    return load_json(request.read() or b"")


class BoundedJsonParser(Parser):
    """django-ninja's body parser with linkwork's limits; ninja turns its errors into HttpError(400)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return load_json(request.body)
