from datetime import date

import factory

from linkwork.community.models import Agreement, Service
from linkwork.community.quality import policy
from linkwork.community.quality.sheets import prompt_sheets
from linkwork.organisations.tests.factories import OrganisationFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory, kind="vcse")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A friendly weekly group."
    category = "befriending"
    status = "active"
    postcode = "LS1 4AP"


def make_agreement(organisation, pcn, signed_on: date, **extra) -> Agreement:
    """A signed agreement to connect between an organisation and a PCN, review due a year on."""
    return Agreement.objects.create(
        organisation=organisation,
        pcn=pcn,
        sheet=extra.pop("sheet", "vcse_provider"),
        pcn_signatory=extra.pop("pcn_signatory", "Helen Brooks"),
        pcn_signed_on=signed_on,
        organisation_signatory=extra.pop("organisation_signatory", "Maya Green"),
        organisation_signed_on=signed_on,
        review_due_on=policy.agreement_review_due(signed_on, prompt_sheets()["review_after_months"]),
        **extra,
    )
