"""The person's answers to part two's permission questions (seed 003 Appendix 4, items 9 to 11: sharing their story,
a satisfaction survey, ongoing evaluation), for the contexts above plans to ask without reaching into its models:
measures offers the satisfaction survey only after a "yes"."""

from linkwork.plans.models import CarePlan
from linkwork.plans.sections import PERMISSION_FIELDS


def permission_answer(referral, question: str) -> str | None:
    """The person's answer ("yes", "no" or "not_asked") to a part-two permission question in the episode's plan; None
    when the episode has no plan. Costs no query when the caller used `select_related("care_plan")`, else one."""
    if question not in PERMISSION_FIELDS:
        raise ValueError(f"{question} is not a part-two permission question ({', '.join(PERMISSION_FIELDS)})")
    try:
        plan = referral.care_plan
    except CarePlan.DoesNotExist:
        return None
    return getattr(plan, question)
