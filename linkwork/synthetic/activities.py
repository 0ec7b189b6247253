"""Practitioners' activity not about one person (activities app; seed 000): group sessions, community development,
keeping the community menu, meetings, training, volunteers, supervision, as each PCN's caseload holders would have
recorded it week by week over the history, never about anyone.

Where the volumes come from: a full-time link worker works 37.5 hours a week (seed 003, sample job description).
No published source says how much of it is not about one person; linkwork assumes about 15% (some 5 to 6 hours a
week), recorded as about three entries a week of an hour or two each, and half that for health and wellbeing
coaches and care coordinators, whose roles centre on their caseload. The mix of kinds and their typical lengths are
linkwork's assumptions too. No vaccination programme work: seed 000 describes it for the COVID-19 programme (2021),
before the two years the history covers.
"""

import numpy as np

from linkwork.activities.models import Activity
from linkwork.core.roles import Role
from linkwork.synthetic import ids
from linkwork.synthetic.clock import Clock, from_working_index, working_index, working_time
from linkwork.synthetic.world import HOLDER_ROLES, World

HOURS_A_WEEK = 37.5  # seed 003, sample job description
NOT_ABOUT_ONE_PERSON = 0.15  # linkwork's assumption
RECORDS_PER_WEEK = {  # mean entries a week (Poisson)
    Role.LINK_WORKER: 3.0,
    Role.HEALTH_AND_WELLBEING_COACH: 1.5,
    Role.CARE_COORDINATOR: 1.5,
}
# Kind: (weight, typical minutes). The weights' mean length makes 3 entries a week about 15% of 37.5 hours.
KINDS = {
    "group_session": (25, 120),
    "community_development": (15, 120),
    "community_menu": (15, 60),
    "promoting": (10, 90),
    "mdt_meeting": (15, 90),
    "training_others": (5, 90),
    "volunteers": (5, 90),
    "supervision_and_learning": (10, 90),
}
MINUTES_SPREAD = 0.4  # log-normal sigma around the typical length
NOTE_SHARE = 0.6
NOTES = {
    "group_session": ("Walking group", "Coffee morning at the library", "Men's shed session", "Peer support group"),
    "community_development": (
        "Helped the bowls club plan step-free access",
        "Met the new carers' group about starting a Saturday session",
        "Worked with the food bank on a quieter time for first visits",
    ),
    "community_menu": ("Capacity calls round the menu", "Catch-up with the allotment group", "Updated the menu"),
    "promoting": ("Talk at a practice team meeting", "Stall at the community fair", "Briefing for the pharmacy team"),
    "mdt_meeting": ("Practice MDT", "Frailty MDT", "Neighbourhood team meeting"),
    "training_others": ("Briefed reception staff on referrals", "Session for new practice nurses"),
    "volunteers": ("Induction for two new buddies", "Volunteer supervision"),
    "supervision_and_learning": ("Supervision with the GP supervisor", "Safeguarding refresher", "Peer learning"),
}


def make_activities(world: World, seed: int, clock: Clock) -> dict:
    """Rows for the activity table: every caseload holder of every PCN in the world, week by week."""
    rng = ids.stream(seed, ids.ACTIVITIES)
    pcn, col = np.nonzero(world.holder_ids != b"")
    holder = world.holder_ids[pcn, col]
    roles = np.array(HOLDER_ROLES)[world.holder_roles[pcn, col]]
    rate = np.array([RECORDS_PER_WEEK.get(Role(r), 0.0) for r in roles.tolist()])
    first_week = int(working_index(np.array(clock.first_day))) // 5
    last_week = int(working_index(np.array(clock.last_day))) // 5
    weeks = last_week - first_week + 1
    counts = rng.poisson(rate[:, None], (len(holder), weeks))
    n_all = int(counts.sum())
    who = np.repeat(np.repeat(np.arange(len(holder)), weeks), counts.ravel())
    week = np.repeat(np.tile(np.arange(weeks), len(holder)), counts.ravel())
    day = from_working_index((first_week + week) * 5 + rng.integers(0, 5, n_all))
    keep = (day >= clock.first_day) & (day <= clock.last_day)
    who, day = who[keep], day[keep]
    n = len(day)
    keys = list(KINDS)
    weights = np.array([w for w, _ in KINDS.values()], dtype=float)
    kind = rng.choice(len(keys), size=n, p=weights / weights.sum())
    typical = np.array([m for _, m in KINDS.values()], dtype=float)[kind]
    minutes = (np.round(rng.lognormal(np.log(typical), MINUTES_SPREAD) / 5) * 5).clip(5, 480).astype(np.int64)
    notes = np.array([""] * n, dtype=object)
    noted = rng.random(n) < NOTE_SHARE
    for k, key in enumerate(keys):
        rows = np.nonzero(noted & (kind == k))[0]
        options = NOTES[key]
        notes[rows] = np.array(options, dtype=object)[rng.integers(0, len(options), len(rows))]
    at = clock.local_to_utc(day, working_time(rng, n, 9, 17))
    order = np.lexsort((at, who))
    by = holder[who][order]
    return {
        "id": ids.Uuids(seed, ids.WORLD_CHUNK, ids.ACTIVITY_UUIDS)(n),
        "created_at": at[order],
        "updated_at": at[order],
        "created_by_id": by,
        "pcn_id": world.pcn_ids[pcn[who]][order],
        "practitioner_id": by,
        "occurred_on": day[order],
        "minutes": minutes[order],
        "kind": np.array(keys)[kind][order],
        "note": [str(x) for x in notes[order].tolist()],
    }


def load_activities(loader, world: World, seed: int, clock: Clock) -> int:
    """Load the world's activity, unless its PCNs already have some (adding people to a PCN again adds none)."""
    pcn_ids = [h.decode() for h in world.pcn_ids.tolist()]
    if Activity.objects.filter(pcn_id__in=pcn_ids).exists():
        return 0
    with loader.batch():
        return loader.load("activity", make_activities(world, seed, clock))
