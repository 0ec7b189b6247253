from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse

from linkwork.core.api_support import too_large
from linkwork.core.json_input import NUL, nul_character

API_PREFIX = "/api/"
# Statuses whose API body is a list of {field, rule, message} (ADR 0004); the others carry one message.
FIELD_ERROR_STATUSES = {400, 413, 422, 429}


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Deny by default: every page needs a signed-in user unless its view says otherwise.

    The API is exempt from the session check because it authenticates every request itself with a
    bearer token (see linkwork.accounts.api_auth) and answers 401 rather than redirecting.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_api(request):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def _json_error(status: int, message: str) -> JsonResponse:
    if status in FIELD_ERROR_STATUSES:
        detail: object = [
            {"field": "request", "rule": HTTPStatus(status).phrase.lower().replace(" ", "_"), "message": message}
        ]
    else:
        detail = message
    return JsonResponse({"detail": detail}, status=status)


class ApiErrorsAsJsonMiddleware:
    """Under /api/ every error answers JSON, never an HTML page: unknown URLs (Django's 404), wrong methods
    (django-ninja's 405), server errors (Django's 500 page) and anything else rendered outside the API's own
    exception handlers. Headers such as Allow and Retry-After are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400 or _is_json(response):
            return response
        status = response.status_code
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        replacement = _json_error(status, phrase)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiRequestLimitsMiddleware:
    """Refuses an API request whose declared body is larger than its route accepts (413), before anything reads it,
    and a query string holding the NUL character (422; PostgreSQL cannot compare text with one, so it was a 500).

    LINKWORK_API_MAX_BODY_BYTES for every route, or the route's own limit in LINKWORK_API_LARGE_BODY_ROUTES. A body
    sent without a Content-Length is not read at all by Django's WSGI handler, so the declared length is the bound.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request):
            limit = settings.LINKWORK_API_LARGE_BODY_ROUTES.get(
                request.path_info.rstrip("/"), settings.LINKWORK_API_MAX_BODY_BYTES
            )
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _json_error(400, "the Content-Length header is not a number")
            if length > limit:
                return JsonResponse({"detail": [too_large(limit, length).as_dict()]}, status=413)
            for name, values in request.GET.lists():
                if NUL in name or any(NUL in value for value in values):
                    return JsonResponse({"detail": [nul_character(name).error.as_dict()]}, status=422)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response Django renders (ADR 0021): pages and API answers may hold
    people's records, and the sign-in and public forms hold what someone typed. Static files never reach this
    middleware (WhiteNoise answers them first, with long caching), and a view that sets its own Cache-Control
    keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


__all__ = ["ApiErrorsAsJsonMiddleware", "ApiRequestLimitsMiddleware", "LoginRequiredMiddleware", "NoStoreMiddleware"]
