"""Which PCNs may use an instrument licensed per PCN: the Patient Activation Measure (settings.
LINKWORK_PAM_LICENSED_PCNS, ADR 0041).

Seed 003 Appendix 6: PAM licences were provided "for each PCN", and "each PCN will distribute PAM licenses ... to
link workers"; seed 000: NHS England's licences ended in March 2021, and providers who wish to continue contract
Insignia Health themselves. So the licence belongs to the PCN, and one linkwork deployment serves PCNs with and
without one. Without a licence PAM is neither scheduled, nor offered, nor recorded.
"""

from functools import lru_cache

from django.conf import settings

from linkwork.organisations.models import Organisation

# Instrument key -> the setting naming the PCNs that hold its licence.
LICENSED_PER_PCN = {"pam": "LINKWORK_PAM_LICENSED_PCNS"}
EVERY_PCN = "*"


def _holders(instrument: str) -> frozenset[str]:
    return frozenset(code.strip().upper() for code in getattr(settings, LICENSED_PER_PCN[instrument]))


def licensed_for(pcn_code: str) -> frozenset[str]:
    """The per-PCN-licensed instruments the PCN with this ODS code holds a licence for."""
    code = (pcn_code or "").strip().upper()
    return frozenset(
        instrument
        for instrument in LICENSED_PER_PCN
        if EVERY_PCN in _holders(instrument) or (code and code in _holders(instrument))
    )


@lru_cache(maxsize=10_000)
def _code_of(pcn_id) -> str:
    # An organisation's id never changes and its ODS code practically never does, so one look-up per PCN a process
    # meets (the person page reaches episodes without their PCN row).
    return Organisation.objects.filter(pk=pcn_id).values_list("code", flat=True).first() or ""


def licensed_for_pcn_id(pcn_id) -> frozenset[str]:
    """As licensed_for, from the PCN's id; no query where every PCN or none holds every licence."""
    holders = [_holders(instrument) for instrument in LICENSED_PER_PCN]
    if all(EVERY_PCN in h for h in holders):
        return frozenset(LICENSED_PER_PCN)
    if not any(holders):
        return frozenset()
    return licensed_for(_code_of(pcn_id))


def offered(instrument: str, licensed: frozenset[str]) -> bool:
    """Whether an instrument may be used in an episode whose PCN holds the `licensed` instruments' licences."""
    return instrument not in LICENSED_PER_PCN or instrument in licensed
