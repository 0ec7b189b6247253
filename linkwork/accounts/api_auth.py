from ninja.security import HttpBearer

from linkwork.accounts.services import user_for_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `linkwork createuser --api-token`."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user
