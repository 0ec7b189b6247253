"""Pages of rows for the list pages: one page size for every list (settings.LINKWORK_PAGE_SIZE)."""

from django.conf import settings
from django.core.paginator import Page, Paginator


def page_of(rows, number: str | None) -> Page:
    """The page `number` of `rows`; a missing, malformed or out-of-range number gives the first or last page."""
    return Paginator(rows, settings.LINKWORK_PAGE_SIZE).get_page(number)
