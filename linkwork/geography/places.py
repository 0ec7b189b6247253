"""Reading the postcode directory: where postcodes are."""

from collections.abc import Iterable

from linkwork.geography.models import Postcode
from linkwork.geography.policy.postcodes import normalise_postcode


def find(postcode: str) -> Postcode | None:
    """The directory's row for a postcode typed in any form, or None when it is not in the directory."""
    return Postcode.objects.filter(pk=normalise_postcode(postcode)).first()


def coordinates(postcodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """{normalised postcode: (latitude, longitude)} for those the directory can place, in one query."""
    wanted = {normalise_postcode(p) for p in postcodes if p}
    if not wanted:
        return {}
    rows = Postcode.objects.filter(pk__in=wanted, latitude__isnull=False, longitude__isnull=False)
    return {pk: (lat, lon) for pk, lat, lon in rows.values_list("postcode", "latitude", "longitude")}
