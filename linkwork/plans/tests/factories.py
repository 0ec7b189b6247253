"""Plans made through the services, as a link worker would make them (so versions and audit rows exist too)."""

from datetime import date

from linkwork.core.auditor import Auditor
from linkwork.plans import services

SECTIONS = {
    "what_matters": "My grandchildren. Getting out to the allotment on Sundays.\nNot feeling alone in the evenings.",
    "how_to_support": "Talk to me face to face; I don't hear well on the phone.",
    "health_conditions": "Arthritis in both knees, so no long walks.",
    "support": "Tuesday walking group at the library; they meet at 10 and walk slowly.",
    "self_support": "Ring my sister on Fridays.",
    "review_on": date(2026, 12, 1),
    "review_note": "Ask how the first walking group went.",
}


def make_plan(referral, user, **overrides):
    sections = {**SECTIONS, **overrides}
    return services.save_care_plan(referral, sections, user=user, auditor=Auditor(user)).plan


def add_goal(plan, user, description="Go to the walking group every week", **kwargs):
    return services.add_goal(plan, description=description, user=user, auditor=Auditor(user), **kwargs)
