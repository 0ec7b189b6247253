"""What a person's page shows: their details and every episode the viewer's PCN holds, with contacts and codes."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from linkwork.coding.worklist import worklist_status
from linkwork.people.models import Person
from linkwork.referrals.models import Contact, Referral


@dataclass
class EpisodeView:
    referral: Referral

    @property
    def contacts(self):
        return list(self.referral.contacts.all())

    @property
    def reasons(self) -> list[str]:
        return [r.get_reason_display() for r in self.referral.reasons.all()]

    @property
    def criteria(self) -> list[str]:
        return [c.get_criterion_display() for c in self.referral.criteria.all()]

    @property
    def total_minutes(self) -> int:
        return sum(c.duration_minutes for c in self.contacts)

    @property
    def codes(self):
        today = timezone.localdate()
        return [(e, worklist_status(e, today)) for e in self.referral.coding_events.all()]


@dataclass
class PersonPage:
    person: Person
    episodes: list[EpisodeView]


def person_page(person: Person, user) -> PersonPage:
    referrals = (
        Referral.objects.for_user(user)
        .filter(person=person)
        .select_related("assigned_to", "practice", "referred_by")
        .prefetch_related(
            "reasons",
            "criteria",
            "coding_events",
            Prefetch("contacts", queryset=Contact.objects.select_related("practitioner").order_by("occurred_at")),
        )
        .order_by("-received_on", "-created_at")
    )
    return PersonPage(person=person, episodes=[EpisodeView(r) for r in referrals])
