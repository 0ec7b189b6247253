"""The directory as arrays for connections.py (Directory), the organisations and PCNs a build starts from
(Provider, Pcn), and the constants and weighted draw the builders share."""

from dataclasses import dataclass, field

import numpy as np

from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.synthetic import distributions as dist

CATEGORY_KEYS = tuple(SERVICE_CATEGORIES.keys())


def choice(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    """n indices drawn with the given (unnormalised) weights (as episodes.choice, which imports the world)."""
    cum = np.cumsum(dist.shares(weights))
    return np.searchsorted(cum, rng.random(n), side="right").clip(0, len(cum) - 1)


KINDS = ("vcse", "community_group", "statutory")
CAPACITY = ("accepting", "waiting_list", "closed")
ACCEPTING, WAITING_LIST, CLOSED = range(3)
MINUTE = 60
EMAIL_DOMAIN = "synthetic.linkwork.test"


@dataclass
class Directory:
    """The directory as arrays for connections.py: organisations (o), services (s), capacity statements (k),
    and the days each PCN may connect people to each organisation, as merged [start, end) day intervals (i)."""

    org_ids: np.ndarray  # (o) hex
    org_partner: np.ndarray  # (o) hex of the VCSE partner user who answers connections
    org_demand: np.ndarray  # (o) pull, > 0
    service_ids: np.ndarray  # (s) hex
    service_org: np.ndarray  # (s)
    service_category: np.ndarray  # (s) index into CATEGORY_KEYS
    service_weight: np.ndarray  # (s) share of its organisation's connections; 0 if not connectable
    pcn_services: np.ndarray  # (pcns, width) services each PCN may use at some time, -1 padding
    capacity_org: np.ndarray  # (k) sorted by organisation then day
    capacity_day: np.ndarray  # (k)
    capacity_status: np.ndarray  # (k) index into CAPACITY
    capacity_wait: np.ndarray  # (k) typical wait days, 0 if none
    permit_pair: np.ndarray  # (i) pcn * organisations + organisation, sorted with permit_start
    permit_start: np.ndarray  # (i)
    permit_end: np.ndarray  # (i)
    rows: dict = field(default_factory=dict)  # table key -> columns, to load (national and demo builds)

    def allowed(self, pcn: np.ndarray, org: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Whether the PCN may connect people to the organisation on the day (an agreement or exception in force)."""
        if not len(self.permit_pair):
            return np.zeros(np.shape(day), dtype=bool)
        pair = pcn * len(self.org_ids) + org
        key = pair * (1 << 20) + (day - self.permit_start.min())
        keys = self.permit_pair * (1 << 20) + (self.permit_start - self.permit_start.min())
        at = np.searchsorted(keys, key, side="right") - 1
        ok = at >= 0
        at = np.maximum(at, 0)
        return ok & (self.permit_pair[at] == pair) & (day < self.permit_end[at])

    def capacity_on(self, org: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(status, typical wait) of the organisation's statement in force on the day (accepting if none yet)."""
        if not len(self.capacity_org):
            return np.zeros(len(org), dtype=np.int64), np.zeros(len(org), dtype=np.int64)
        span = 1 << 20
        keys = self.capacity_org * span + (self.capacity_day - self.capacity_day.min())
        at = np.searchsorted(keys, org * span + (day - self.capacity_day.min()), side="right") - 1
        ok = (at >= 0) & (self.capacity_org[np.maximum(at, 0)] == org)
        at = np.maximum(at, 0)
        return np.where(ok, self.capacity_status[at], ACCEPTING), np.where(ok, self.capacity_wait[at], 0)


@dataclass
class Provider:
    """An organisation already decided on (the world's VCSE organisations, the demo's named one)."""

    id: bytes
    code: str
    kind: str
    name: str
    icb: int
    partner: bytes = b""  # an existing partner user, else one is made
    demand: float = 0.0  # 0: drawn
    services: int = 0  # 0: drawn


@dataclass
class Pcn:
    id: bytes
    icb: int
    manager: bytes  # hex of the PCN manager
    manager_name: str
    link_workers: list[bytes]
