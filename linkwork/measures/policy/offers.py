"""Whether an instrument is offered in an episode at all. Pure: plain values.

- An instrument licensed per PCN (PAM) only where the episode's PCN holds the licence (seed 003 Appendix 6: PAM
  licences "for each PCN"; seed 000: national licences ended in March 2021).
- An instrument that asks the person's agreement first only once the care and support plan's part two records it:
  the satisfaction survey (seed 003 Appendix 4, part two, item 10: "I am willing to complete a satisfaction survey").
"""

NO_LICENCE = "licence"
NOT_AGREED = "not_agreed"
AGREED = "yes"


def offer_refusal(
    instrument: str,
    *,
    licensed_per_pcn: frozenset[str] | set[str],
    licensed: frozenset[str],
    needs_agreement: str | None,
    plan_answer: str | None,
) -> str | None:
    """None if offered; else NO_LICENCE or NOT_AGREED. `needs_agreement` is the plan's part-two question the instrument
    waits for (None: none), `plan_answer` the person's answer to it (None: no plan yet)."""
    if instrument in licensed_per_pcn and instrument not in licensed:
        return NO_LICENCE
    if needs_agreement and plan_answer != AGREED:
        return NOT_AGREED
    return None
