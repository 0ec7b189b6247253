"""What every API router shares: error bodies that name the field and the rule, and idempotent creates."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from linkwork.core.errors import FieldError, RuleViolation
from linkwork.core.json_input import JsonInputError
from linkwork.core.models import IdempotencyRecord
from linkwork.core.rate_limit import RateLimited

# Pydantic's error types, in the words linkwork's own rules use.
PYDANTIC_RULES = {
    "missing": "required",
    "literal_error": "choice",
    "enum": "choice",
    "string_too_long": "max_length",
    "too_long": "max_length",
    "greater_than_equal": "range",
    "less_than_equal": "range",
}


def _field_from_loc(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "header", "filters")]
    return ".".join(parts) or "body"


def _error_response(api: NinjaAPI, request, status: int, errors: list[dict[str, str]]):
    return api.create_response(request, {"detail": errors}, status=status)


def too_large(limit: int, length: int | None = None) -> FieldError:
    size = f"{length:,} bytes" if length is not None else "too large"
    return FieldError("body", "max_size", f"the body is {size}; this route accepts at most {limit:,} bytes")


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(RuleViolation)
    def rule_violation(request, exc: RuleViolation):
        return _error_response(api, request, 422, [e.as_dict() for e in exc.errors])

    @api.exception_handler(ValidationError)
    def schema_violation(request, exc: ValidationError):
        errors = []
        for err in exc.errors:
            kind = err.get("type", "invalid")
            errors.append(
                {
                    "field": _field_from_loc(err.get("loc", ())),
                    "rule": PYDANTIC_RULES.get(kind, kind),
                    "message": err.get("msg", ""),
                }
            )
        return _error_response(api, request, 422, errors)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "Not found"}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)

    @api.exception_handler(JsonInputError)
    def not_json(request, exc: JsonInputError):
        return _error_response(api, request, exc.status, [exc.error.as_dict()])

    @api.exception_handler(RequestDataTooBig)
    def body_too_large(request, exc):
        return _error_response(api, request, 413, [too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).as_dict()])

    @api.exception_handler(RateLimited)
    def rate_limited(request, exc: RateLimited):
        response = _error_response(api, request, 429, [exc.error.as_dict()])
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # django-ninja wraps whatever its body parser raised in HttpError(400): answer for the cause.
        cause = exc.__cause__
        if isinstance(cause, JsonInputError):
            return not_json(request, cause)
        if isinstance(cause, RequestDataTooBig):
            return body_too_large(request, cause)
        if exc.status_code == 400:
            return _error_response(api, request, 400, [FieldError("body", "json", str(exc)).as_dict()])
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request, exc):
        return api.create_response(
            request, {"detail": "Send a valid API token: Authorization: Bearer <token>"}, status=401
        )


def _json(status: int, result: Any) -> dict:
    return result.model_dump(mode="json") if hasattr(result, "model_dump") else result


def idempotent(request, key: str | None, payload: Any, create: Callable[[], tuple[int, Any]]) -> JsonResponse:
    """Run `create` once per (user, Idempotency-Key); a retry with the same key gets the first response again.

    `create` returns (status, output schema object). The response is already serialised by the output
    schema, so a replay is byte-for-byte what the first call answered. Reusing a key for a different
    request is refused.
    """
    if not key:
        status, result = create()
        return JsonResponse(_json(status, result), status=status)
    if len(key) > 128:
        raise RuleViolation.single("Idempotency-Key", "max_length", "Idempotency-Key must be 128 characters or fewer")
    fingerprint = hashlib.sha256((request.path + json.dumps(payload, sort_keys=True, default=str)).encode()).hexdigest()
    previous = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
    if previous is not None:
        if previous.request_fingerprint != fingerprint:
            raise RuleViolation.single(
                "Idempotency-Key", "reuse", "this Idempotency-Key was already used for a different request"
            )
        return JsonResponse(previous.body, status=previous.status_code)
    try:
        with transaction.atomic():
            status, result = create()
            body = _json(status, result)
            IdempotencyRecord.objects.create(
                user=request.user, key=key, request_fingerprint=fingerprint, status_code=status, body=body
            )
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its response.
        previous = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if previous is None:
            raise
        return JsonResponse(previous.body, status=previous.status_code)
    return JsonResponse(body, status=status)
