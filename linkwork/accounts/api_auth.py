from django.conf import settings
from ninja.security import HttpBearer

from linkwork.accounts.services import user_for_token
from linkwork.core.errors import FieldError
from linkwork.core.rate_limit import AddressWindow, RateLimited


def _bad_tokens() -> AddressWindow:
    return AddressWindow(
        "bad-api-token", settings.LINKWORK_API_TOKEN_FAILURE_LIMIT, settings.LINKWORK_API_TOKEN_FAILURE_WINDOW
    )


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `linkwork createuser --api-token`.

    A client address that sends LINKWORK_API_TOKEN_FAILURE_LIMIT bad tokens within the window is answered 429 with
    Retry-After, whatever token it sends, until the window ends: guessing tokens stays slow, and a good token from
    that address does not clear the count (that would let one stolen token unlock guessing).
    """

    def authenticate(self, request, token):
        failures = _bad_tokens()
        if failures.over(request):
            raise RateLimited(
                failures.window,
                FieldError(
                    "Authorization",
                    "rate_limit",
                    f"too many bad API tokens from your address; try again in {failures.window} seconds",
                ),
            )
        user = user_for_token(token)
        if user is None:
            failures.add(request)
            return None
        request.user = user
        return user
