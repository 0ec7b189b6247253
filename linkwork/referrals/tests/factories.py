from datetime import date

import factory

from linkwork.referrals.models import Referral, ReferralReason


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    person = None
    pcn = factory.LazyAttribute(lambda o: o.person.gp_practice.parent)
    practice = factory.LazyAttribute(lambda o: o.person.gp_practice)
    received_on = date(2026, 10, 1)
    referrer_type = "gp"
    status = "waiting"

    @factory.post_generation
    def reasons(self, create, extracted, **kwargs):
        if create:
            for reason in extracted or ["loneliness"]:
                ReferralReason.objects.create(referral=self, reason=reason)
