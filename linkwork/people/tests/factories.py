import random
from datetime import date

import factory
from nhs_number import calculate_checksum

from linkwork.people.models import Person


def valid_nhs_number(seed: int) -> str:
    """A valid NHS number in the 999 range that is never issued to real patients."""
    rng = random.Random(seed)
    while True:
        stem = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = calculate_checksum(stem)
        if check is not None and check < 10:
            return stem + str(check)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    nhs_number = factory.Sequence(valid_nhs_number)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    birth_date = date(1960, 5, 17)
    sex = "female"
    postcode = "LS1 4AP"
    gp_practice = None
    pcn = factory.LazyAttribute(lambda o: o.gp_practice.parent)
