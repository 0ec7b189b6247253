"""The one way API lists are paged: `limit` and `offset`, both bounded, so a client cannot ask the database for
an offset it cannot store (a 500) or for the whole table in one answer.

Out-of-range values answer 422 naming the field and the rule (`range`), like any other bad input. The bounds are
settings (LINKWORK_API_PAGE_SIZE, LINKWORK_API_MAX_LIMIT, LINKWORK_API_MAX_OFFSET), read when the API is built,
and the OpenAPI document shows them.
"""

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class Paging(LimitOffsetPagination):
    """`@paginate(Paging)` on every API list route."""

    class Input(Schema):
        limit: int = Field(
            settings.LINKWORK_API_PAGE_SIZE,
            ge=1,
            le=settings.LINKWORK_API_MAX_LIMIT,
            description="How many items to return",
        )
        offset: int = Field(
            0,
            ge=0,
            le=settings.LINKWORK_API_MAX_OFFSET,
            description="How many items to skip; to read further, narrow the list with its filters",
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=settings.LINKWORK_API_MAX_LIMIT, **kwargs)
