import factory

from linkwork.organisations.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = "vcse"
    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    parent = None


def make_pcn(code: str, icb: Organisation | None = None) -> Organisation:
    icb = icb or OrganisationFactory(kind="icb", name=f"ICB for {code}")
    return OrganisationFactory(kind="pcn", code=code, name=f"PCN {code}", parent=icb)


def make_practice(code: str, pcn: Organisation) -> Organisation:
    return OrganisationFactory(kind="practice", code=code, name=f"Practice {code}", parent=pcn)
