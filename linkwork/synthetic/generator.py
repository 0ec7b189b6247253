"""Fill the database with a reproducible synthetic population: organisations and staff, people, referral
episodes with their contacts, status changes and GP coding events, care and support plans with their goals and
versions, and wellbeing and outcome measures.

Chunks of people (50,000 by default) are generated as numpy columns and bulk-loaded, one transaction per
chunk, by loader.Loader; a child process makes the next chunk while one is written (pipeline). Every random
stream is seeded from (seed, purpose, chunk), so the same people count, seed and today give identical rows.

Modules: world (organisations and staff), directory (the community directory and its quality assurance) and
assurance (a confident prompt sheet before every agreement), postcodes (a postcode directory for the places it
uses), people, episodes (when, who referred, why, who holds it), timeline (contacts and discharges, day by day),
records (rows for the referral and coding tables), measures and answers (measures on the schedule, scored by the
real scoring functions), plans and snapshots (care plans, goals, progress and versions), satisfaction (the survey
for people who agreed to it in part two), connections (onward connections and their closed loop), activities (link
workers' time not about one person), loader (bulk
inserts), distributions, names and phrases (the numbers and words it draws from), clock and ids (dates, UUIDs,
NHS numbers).
"""

import resource
import sys
import time
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db import connection
from tqdm import tqdm

from linkwork.core.auditor import Auditor
from linkwork.people.models import Person
from linkwork.synthetic import ids, pipeline, postcodes
from linkwork.synthetic import world as worlds
from linkwork.synthetic.activities import load_activities
from linkwork.synthetic.clock import Clock
from linkwork.synthetic.connections import make_connections
from linkwork.synthetic.episodes import make_episodes
from linkwork.synthetic.loader import DIRECTORY_ORDER, Loader
from linkwork.synthetic.measures import make_measures
from linkwork.synthetic.people import make_people
from linkwork.synthetic.plans import make_plans
from linkwork.synthetic.records import build
from linkwork.synthetic.satisfaction import joined, make_satisfaction
from linkwork.synthetic.snapshots import build_plan_rows
from linkwork.synthetic.timeline import make_timeline

CHUNK_PEOPLE = 50_000
# From this many people, plain indexes are dropped for the load and rebuilt after (see Loader.session).
DROP_INDEXES_FROM = 200_000
CHUNK_ORDER = (
    "person",
    "referral",
    "referralreason",
    "referralcriterion",
    "contact",
    "referralstatuschange",
    "codingevent",
    "careplan",
    "goal",
    "goalprogresschange",
    "careplanversion",
    "measureresponse",
    "connection",
    "connectionstatuschange",
    "connectionengagementreport",
)


class AlreadyGenerated(Exception):
    pass


@dataclass
class Summary:
    people: int
    seed: int
    today: date
    into_pcn: str | None
    rows: dict[str, int] = field(default_factory=dict)
    load_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    peak_memory_mb: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "people": self.people,
            "seed": self.seed,
            "today": self.today.isoformat(),
            "into_pcn": self.into_pcn,
            "rows": self.rows,
            "total_rows": self.total_rows,
            "seconds": round(self.seconds, 2),
            "rows_per_second": round(self.rows_per_second),
            "load_seconds": {k: round(v, 2) for k, v in self.load_seconds.items()},
            "peak_memory_mb": round(self.peak_memory_mb),
            "notes": self.notes,
            "database": connection.vendor,
        }


def effective_seed(seed: int, into_pcn: str | None) -> int:
    """Adding people to a PCN draws from streams of its own, so it never repeats a national run's UUIDs."""
    if not into_pcn:
        return seed
    return seed * 1_000_003 + zlib.crc32(into_pcn.strip().upper().encode())


def _taken_nhs_numbers() -> set[str]:
    prefixes = tuple(str(b) for b in ids.TEST_BLOCKS)
    numbers = Person.objects.filter(nhs_number__startswith="99").values_list("nhs_number", flat=True)
    return {n for n in numbers.iterator(chunk_size=50_000) if n.startswith(prefixes)}


def generate(
    *,
    people: int,
    seed: int,
    today: date,
    into_pcn: str | None = None,
    chunk_people: int = CHUNK_PEOPLE,
    progress: bool = True,
    drop_indexes: bool | None = None,
) -> Summary:
    if people < 1:
        raise ValueError("generate at least one person")
    started = time.perf_counter()
    clock = Clock(today)
    stream_seed = effective_seed(seed, into_pcn)
    summary = Summary(people=people, seed=seed, today=today, into_pcn=into_pcn)
    loader = Loader(connection)
    first_ids = [uuid.UUID(h.decode()) for h in ids.Uuids(stream_seed, 0)(min(people, chunk_people))[:100]]
    if Person.objects.filter(pk__in=first_ids).exists():
        raise AlreadyGenerated(f"this database already holds the people seed {seed} generates; use another seed")

    if drop_indexes is None:
        drop_indexes = people >= DROP_INDEXES_FROM
    with loader.session(drop_indexes=drop_indexes):
        world = worlds.into_pcn(into_pcn, stream_seed) if into_pcn else worlds.national(people, stream_seed, clock)
        # Every person's and service's postcode is in the postcode directory (synthetic.postcodes).
        postcodes.load(world.areas())
        if not into_pcn:
            with loader.batch():
                loader.load("organisation", world.organisations)
                loader.load("user", world.users)
                load_directory(loader, world.directory)
        load_activities(loader, world, stream_seed, clock)
        numbers = ids.nhs_numbers(ids.stream(stream_seed, ids.NHS_NUMBERS), people, _taken_nhs_numbers())
        bar = tqdm(total=people, unit="people", disable=not progress, file=sys.stderr, smoothing=0.1)

        def write(size: int, batches) -> None:
            with loader.batch():
                for batch in batches:
                    loader.write(batch)
            bar.update(size)

        child_peak_mb = _pipeline(world, stream_seed, numbers, chunk_people, clock, loader, write)
        bar.close()
        Auditor(system="generate").created(
            "synthetic_data",
            "",
            detail={"people": people, "seed": seed, "today": today.isoformat(), "into_pcn": into_pcn},
        )
    summary.rows = dict(loader.rows)
    summary.load_seconds = dict(loader.seconds)
    summary.notes = loader.notes
    summary.seconds = time.perf_counter() - started
    # Both processes at their peaks (an upper bound: they need not peak together).
    summary.peak_memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + child_peak_mb
    return summary


def _pipeline(world, seed: int, numbers: np.ndarray, chunk_people: int, clock: Clock, loader: Loader, write) -> float:
    """Make and write every chunk (pipeline.run: in a child process from two chunks); the child's peak memory."""
    bounds = [(lo, min(lo + chunk_people, len(numbers))) for lo in range(0, len(numbers), chunk_people)]

    def make(chunk: int) -> tuple[int, dict]:
        lo, hi = bounds[chunk]
        return hi - lo, _chunk(world, seed, chunk, numbers[lo:hi], clock)

    return pipeline.run(make, len(bounds), loader, CHUNK_ORDER, write)


def _chunk(world, seed: int, chunk: int, nhs_numbers: np.ndarray, clock: Clock) -> dict[str, dict]:
    uid = ids.Uuids(seed, chunk)
    person_ids = uid(len(nhs_numbers))
    people = make_people(world, ids.stream(seed, ids.PEOPLE, chunk), person_ids, nhs_numbers, clock)
    rng = ids.stream(seed, ids.EPISODES, chunk)
    episodes = make_episodes(world, people, rng, clock)
    timeline = make_timeline(episodes, world.holder_count, rng, clock, ids.stream(seed, ids.LONG_SUPPORT, chunk))
    tables = build(world, people, episodes, timeline, rng, uid, clock)
    referral_ids = tables["referral"]["id"]
    measures, outcomes = make_measures(
        world, people, episodes, timeline, referral_ids, ids.stream(seed, ids.MEASURES, chunk), uid, clock
    )
    plans = make_plans(world, episodes, timeline, outcomes, ids.stream(seed, ids.PLANS, chunk))
    tables.update(build_plan_rows(plans, referral_ids, uid))
    surveys = make_satisfaction(
        plans, episodes, people, referral_ids, ids.stream(seed, ids.SATISFACTION, chunk), uid, clock
    )
    tables["measureresponse"] = joined(measures, surveys)
    tables.update(
        make_connections(
            world,
            episodes,
            timeline,
            referral_ids,
            person_ids,
            ids.stream(seed, ids.CONNECTIONS, chunk),
            ids.Uuids(seed, chunk, ids.CONNECTION_UUIDS),
            clock,
        )
    )
    return tables


def load_directory(loader: Loader, directory) -> None:
    """The directory's organisations, their VCSE partner users and the directory's tables."""
    loader.load("organisation", directory.rows["organisation"])
    loader.load("user", directory.rows["user"])
    for key in DIRECTORY_ORDER:
        loader.load(key, directory.rows[key])
