from datetime import date

import factory

from linkwork.measures.instruments import registry
from linkwork.measures.models import MeasureResponse
from linkwork.measures.policy.scoring import score


def ons4(life_satisfaction=6, worthwhile=6, happiness=6, anxiety=4) -> dict:
    return {
        "life_satisfaction": life_satisfaction,
        "worthwhile": worthwhile,
        "happiness": happiness,
        "anxiety": anxiety,
    }


class MeasureResponseFactory(factory.django.DjangoModelFactory):
    """A stored ONS4 (by default) scored the way the service scores it; for arranging history quickly."""

    class Meta:
        model = MeasureResponse

    referral = None
    person = factory.LazyAttribute(lambda o: o.referral.person)
    instrument = "ons4"
    instrument_version = 1
    taken_on = date(2026, 10, 15)
    answers = factory.LazyFunction(ons4)
    results = factory.LazyAttribute(
        lambda o: score(
            registry().get(o.instrument, o.instrument_version), o.answers, received_on=o.referral.received_on
        )
    )
