"""The community directory synthetic people are connected to, made once per run in the world's own streams
(ids.DIRECTORY, ids.DIRECTORY_UUIDS): provider organisations of each ICB (VCSE organisations, community groups,
statutory services) with a VCSE partner user each, their services across the agreed categories, capacity
statements, and each PCN's quality assurance with the organisations it works with (prompt sheets, agreements to
connect reviewed yearly, leadership changes, exceptions, catch-ups) and confidence surveys every six months.

Organisations get a demand weight (log-normal, so a few absorb most connections, as seed 004 found), and each
PCN's agreements and exceptions become the days it may connect people to each organisation (quality.may_connect
as it would have answered on that day); connections.py draws from both.

Synthetic codes: community groups SG + 5 digits, statutory services SS + 5 digits (VCSE: SV, as in world.py).

The package: catalogue (what kinds of organisation offer, the wording of services and notes), arrays (the
Directory that connections.py draws from, and the constants the builders share), working_days, build
(organisations, partner users and services), statements (capacity statements and confidence surveys), quality
(each PCN's quality assurance) and stored (the directory as stored, for one PCN).
"""

from linkwork.synthetic.directory.arrays import (
    ACCEPTING,
    CAPACITY,
    CATEGORY_KEYS,
    CLOSED,
    KINDS,
    WAITING_LIST,
    Directory,
    Pcn,
    Provider,
    choice,
)
from linkwork.synthetic.directory.build import build
from linkwork.synthetic.directory.catalogue import REASON_CATEGORIES
from linkwork.synthetic.directory.stored import from_database

__all__ = [
    "ACCEPTING",
    "CAPACITY",
    "CATEGORY_KEYS",
    "CLOSED",
    "KINDS",
    "REASON_CATEGORIES",
    "WAITING_LIST",
    "Directory",
    "Pcn",
    "Provider",
    "build",
    "choice",
    "from_database",
]
