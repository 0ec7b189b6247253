from django.conf import settings
from django.core.management.base import CommandError


def refuse_in_production() -> None:
    """Demo logins share a published password and synthetic people are not real: never in a live service."""
    if not settings.LINKWORK_ALLOW_SYNTHETIC_DATA:
        raise CommandError(
            "synthetic and demo data are switched off here (LINKWORK_ALLOW_SYNTHETIC_DATA is false in production)"
        )
