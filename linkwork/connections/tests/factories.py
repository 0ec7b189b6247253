"""Connections made through the services, as a link worker would make them (status rows and audit rows too)."""

from datetime import timedelta

from django.utils import timezone

from linkwork.community.tests.factories import ServiceFactory, make_agreement
from linkwork.connections import services
from linkwork.core.auditor import Auditor


def connectable_service(organisation, pcn, **kwargs):
    """An active service whose organisation has a current agreement to connect with `pcn`."""
    service = ServiceFactory(organisation=organisation, **kwargs)
    make_agreement(organisation, pcn, timezone.localdate() - timedelta(days=30))
    return service


def item(service, kind="referral", shared=("name", "contact_details"), consent=True, **kwargs):
    contact = kwargs.pop("contact_details", "07700 900123" if "contact_details" in shared else "")
    return services.ConnectionItem(
        service=service.pk,
        kind=kind,
        reason=kwargs.pop("reason", "Lonely since moving; enjoys gardening"),
        shared_fields=tuple(shared),
        consent=consent,
        contact_details=contact,
    )


def connect(referral, user, *service_list, **kwargs):
    return services.make_connections(
        referral, [item(s, **kwargs) for s in service_list], user=user, auditor=Auditor(user)
    )
