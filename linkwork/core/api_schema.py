"""The OpenAPI document tells the truth about errors: each operation lists the error answers it can give, with
their bodies, added in one place when the document is built rather than route by route (ADR 0022).

- 401 and 403 on every operation that needs a token (a role may lack the permission), and 429 (a client address
  that keeps sending bad tokens is throttled before its token is looked at);
- 404 where the path names a record, or the body does (records are looked up within the caller's scope);
- 422 where there is any input; 400 (not JSON, or nested too deeply) and 413 (too large) where there is a body.

What a route documents itself (e.g. the connections' 403 that may carry rules) is kept.
"""

from typing import Any

from ninja import NinjaAPI, Schema

FIELD_ERRORS = "FieldErrors"
MESSAGE = "Message"
FORBIDDEN = "Forbidden"


class FieldErrorOut(Schema):
    field: str
    rule: str
    message: str


class FieldErrorsOut(Schema):
    """Every problem found, naming the field and the rule (ADR 0004)."""

    detail: list[FieldErrorOut]


class MessageOut(Schema):
    detail: str


class ForbiddenOut(Schema):
    """The permission the role lacks (text), or the rules that refuse the caller's side (a list)."""

    detail: str | list[FieldErrorOut]


MODELS: dict[str, type[Schema]] = {FIELD_ERRORS: FieldErrorsOut, MESSAGE: MessageOut, FORBIDDEN: ForbiddenOut}

DESCRIPTIONS = {
    400: ("The body is not JSON, or nests more deeply than linkwork reads", FIELD_ERRORS),
    401: ("No valid API token: send Authorization: Bearer <token>", MESSAGE),
    403: ("Your role may not do this: the permission (or rule) is named", FORBIDDEN),
    404: ("No such record within your reach", MESSAGE),
    413: ("The body is larger than this route accepts", FIELD_ERRORS),
    422: ("The input breaks one or more rules: each names the field and the rule; nothing was stored", FIELD_ERRORS),
    429: ("Too many bad API tokens from your address: wait for Retry-After seconds", FIELD_ERRORS),
}


def error_statuses(operation: dict[str, Any]) -> list[int]:
    """The error answers an operation can give, from what it takes (see the module's docstring)."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    statuses = []
    if operation.get("security"):
        statuses += [401, 403, 429]
    if has_body or any(p.get("in") == "path" for p in parameters):
        statuses.append(404)
    if has_body or parameters:
        statuses.append(422)
    if has_body:
        statuses += [400, 413]
    return sorted(statuses)


def _response(status: int) -> dict[str, Any]:
    description, model = DESCRIPTIONS[status]
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
    }


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in MODELS.items():
        definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for nested_name, nested in definition.pop("$defs", {}).items():
            components.setdefault(nested_name, nested)
        components.setdefault(name, definition)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(operation):
                # django-ninja keys responses by int; openapi_extra may use text.
                if status not in responses and str(status) not in responses:
                    responses[status] = _response(status)
    return schema


class DocumentedErrorsAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists each operation's error answers."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return document_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
