"""Placing the directory's services on the map: each service's coordinates are its postcode's, from the postcode
directory (geography). Service.save keeps them in step with the postcode; after a postcode file is imported,
`locate_services` places every service whose postcode the directory now knows (or no longer does)."""

from django.db.models import OuterRef, Q, Subquery

from linkwork.community.models import Service
from linkwork.geography.models import Postcode


def locate_services() -> int:
    """Bring every service's coordinates up to date with the postcode directory, in two statements; returns how many
    services have a place now."""
    located = Postcode.objects.filter(latitude__isnull=False, longitude__isnull=False)
    known = located.filter(postcode=OuterRef("postcode"))
    placed = Service.objects.filter(postcode__in=located.values("postcode"))
    # Not through ServiceQuerySet.update's postcode rule: the postcodes do not change, only where they are.
    placed_count = placed.update(
        latitude=Subquery(known.values("latitude")[:1]), longitude=Subquery(known.values("longitude")[:1])
    )
    Service.objects.exclude(pk__in=placed.values("pk")).filter(
        Q(latitude__isnull=False) | Q(longitude__isnull=False)
    ).update(latitude=None, longitude=None)
    return placed_count
