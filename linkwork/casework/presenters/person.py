"""What a person's page shows: their details and every episode the viewer's PCN holds, with contacts and codes."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from linkwork.coding.worklist import worklist_status
from linkwork.connections.presenters import ConnectionView, connections_prefetch, episode_connections
from linkwork.measures.presenters import EpisodeMeasures, episode_measures, responses_prefetch
from linkwork.people.models import Person
from linkwork.plans.presenters import PlanSummary, plan_summary
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

    @property
    def care_plan(self) -> PlanSummary | None:
        # plans: from select_related("care_plan") and the goals prefetch below, so no query per episode.
        return plan_summary(self.referral)

    @property
    def connections(self) -> list[ConnectionView]:
        # connections: from connections_prefetch() below, so no query per episode.
        return episode_connections(self.referral)

    @property
    def measures(self) -> EpisodeMeasures:
        # measures: from the responses prefetch below, so no query per episode.
        return episode_measures(self.referral, timezone.localdate())


@dataclass
class PersonPage:
    person: Person
    episodes: list[EpisodeView]


def person_page(person: Person, user) -> PersonPage:
    referrals = (
        Referral.objects.for_user(user)
        .filter(person=person)
        .select_related("assigned_to", "practice", "referred_by")
        .select_related("care_plan")  # plans
        .prefetch_related(
            "reasons",
            "criteria",
            "coding_events",
            "care_plan__goals",  # plans
            responses_prefetch(),  # measures
            connections_prefetch(),  # connections
            Prefetch("contacts", queryset=Contact.objects.select_related("practitioner").order_by("occurred_at")),
        )
        .order_by("-received_on", "-created_at")
    )
    return PersonPage(person=person, episodes=[EpisodeView(r) for r in referrals])
