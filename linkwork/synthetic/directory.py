"""The community directory synthetic people are connected to, made once per run in the world's own streams
(ids.DIRECTORY, ids.DIRECTORY_UUIDS): provider organisations of each ICB (VCSE organisations, community groups,
statutory services) with a VCSE partner user each, their services across the agreed categories, capacity
statements, and each PCN's quality assurance with the organisations it works with (prompt sheets, agreements to
connect reviewed yearly, leadership changes, exceptions, catch-ups) and confidence surveys every six months.

Organisations get a demand weight (log-normal, so a few absorb most connections, as seed 004 found), and each
PCN's agreements and exceptions become the days it may connect people to each organisation (quality.may_connect
as it would have answered on that day); connections.py draws from both.

Synthetic codes: community groups SG + 5 digits, statutory services SS + 5 digits (VCSE: SV, as in world.py).
"""

import json
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from linkwork.community import quality
from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.core.dates import add_months
from linkwork.core.roles import Role
from linkwork.synthetic import distributions as dist
from linkwork.synthetic import ids, names
from linkwork.synthetic.clock import NULL, Clock, day_date, day_number, from_working_index, working_index, working_time

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

# Categories each kind of organisation mostly offers (weights over CATEGORY_KEYS).
KIND_CATEGORIES = {
    "vcse": {
        "money_welfare": 8,
        "housing": 4,
        "employment": 3,
        "practical": 6,
        "arts": 4,
        "nature": 3,
        "physical_activity": 4,
        "neighbourhood": 3,
        "adult_learning": 2,
        "advice": 8,
        "peer_support": 6,
        "mental_health": 8,
        "befriending": 8,
        "carers": 5,
        "other": 1,
    },
    "community_group": {
        "arts": 8,
        "nature": 7,
        "physical_activity": 9,
        "neighbourhood": 9,
        "adult_learning": 3,
        "peer_support": 6,
        "befriending": 5,
        "practical": 2,
        "other": 1,
    },
    "statutory": {"statutory": 10, "housing": 5, "employment": 5, "adult_learning": 3, "money_welfare": 2},
}
# Categories that fit each referral reason (for choosing where a person is connected).
REASON_CATEGORIES = {
    "loneliness": ("befriending", "neighbourhood", "peer_support", "arts"),
    "healthy_lifestyle": ("physical_activity", "nature"),
    "independence": ("practical", "statutory"),
    "long_term_conditions": ("physical_activity", "peer_support", "statutory"),
    "creativity_learning": ("arts", "adult_learning"),
    "housing": ("housing", "advice"),
    "money": ("money_welfare", "advice"),
    "mental_wellbeing": ("mental_health", "peer_support", "nature"),
    "employment": ("employment", "adult_learning"),
    "carers": ("carers",),
    "bereavement": ("mental_health", "peer_support"),
    "domestic_abuse": ("advice", "statutory"),
    "addictions": ("peer_support", "mental_health", "statutory"),
    "legal_immigration": ("advice",),
    "transport": ("practical",),
    "other": ("other", "neighbourhood"),
}
ORGANISATION_FORMS = {
    "vcse": (
        "{place} Community Trust",
        "{place} Voluntary Action",
        "{place} Good Neighbours",
        "{place} Money Advice Centre",
        "{place} Carers Centre",
        "{place} Mental Health Network",
        "{place} Older People's Forum",
        "{place} Food Bank",
    ),
    "community_group": (
        "{place} Gardening Club",
        "{place} Walking Group",
        "{place} Knit and Natter",
        "{place} Men's Shed",
        "{place} Community Choir",
        "{place} Friendship Cafe",
        "{place} Allotment Society",
        "{place} Art Club",
    ),
    "statutory": (
        "{place} Council Adult Social Care",
        "{place} Jobcentre",
        "{place} Library Service",
        "{place} Housing Options",
        "{place} Adult Education Service",
    ),
}
# Per category: (name, description, eligibility, cost, schedule) templates.
SERVICE_FORMS = {
    "money_welfare": (
        (
            "Benefits check",
            "A full benefits check and help to claim.",
            "Adults living in {place}",
            "Free",
            "Mondays and Thursdays 10am to 3pm",
        ),
        (
            "Debt advice",
            "One-to-one help with debts, bills and arrears.",
            "Anyone in {place}",
            "Free",
            "Weekdays by appointment",
        ),
    ),
    "housing": (
        (
            "Housing advice",
            "Help with repairs, rent arrears and finding a home.",
            "Tenants and people at risk of losing their home",
            "Free",
            "Tuesdays 9am to 1pm",
        ),
        (
            "Tenancy support",
            "A support worker helps keep a tenancy going.",
            "Social and private tenants",
            "Free",
            "Weekdays by appointment",
        ),
    ),
    "statutory": (
        (
            "Care needs assessment",
            "An assessment of care and support needs at home.",
            "Adults who may need care and support",
            "Free",
            "Weekdays",
        ),
        (
            "Occupational therapy",
            "Aids and adaptations to stay safe at home.",
            "Adults with a disability or long-term condition",
            "Free",
            "Weekdays",
        ),
    ),
    "employment": (
        (
            "Work coach drop-in",
            "Help with CVs, applications and interviews.",
            "Adults looking for work",
            "Free",
            "Wednesdays 10am to 2pm",
        ),
        (
            "Back to work programme",
            "Twelve weeks of support into work or volunteering.",
            "Adults out of work for six months or more",
            "Free",
            "Mondays 1pm to 4pm",
        ),
    ),
    "practical": (
        (
            "Food bank",
            "Emergency food parcels with a voucher.",
            "People in {place} in crisis",
            "Free",
            "Tuesdays and Fridays 11am to 2pm",
        ),
        (
            "Handyperson service",
            "Small repairs and grab rails fitted at home.",
            "People over 60 or with a disability",
            "Materials only",
            "Weekdays by appointment",
        ),
        (
            "Community transport",
            "Door-to-door minibus to appointments and shops.",
            "People who cannot use buses",
            "£2 a journey",
            "Weekdays 9am to 4pm",
        ),
    ),
    "arts": (
        (
            "Art for wellbeing",
            "A relaxed painting and drawing group.",
            "Adults, all abilities",
            "£2 a session",
            "Thursdays 1pm to 3pm",
        ),
        (
            "Community choir",
            "Singing for fun; no experience needed.",
            "Everyone welcome",
            "Free",
            "Wednesdays 7pm to 8.30pm",
        ),
    ),
    "nature": (
        (
            "Community garden",
            "Growing food and flowers together.",
            "Adults, all abilities",
            "Free",
            "Tuesdays and Saturdays 10am to 1pm",
        ),
        (
            "Green gym",
            "Outdoor conservation work in local parks.",
            "Adults who can walk a short way",
            "Free",
            "Saturdays 10am to 12 noon",
        ),
    ),
    "physical_activity": (
        (
            "Health walk",
            "A gentle walk of an hour with a trained leader.",
            "Adults, all fitness levels",
            "Free",
            "Mondays 10am",
        ),
        (
            "Chair-based exercise",
            "Seated exercise to music.",
            "Older adults and people with limited mobility",
            "£1.50 a session",
            "Fridays 11am to 12 noon",
        ),
        ("Walking football", "Football at walking pace.", "Adults over 50", "£3 a session", "Tuesdays 6pm to 7pm"),
    ),
    "neighbourhood": (
        (
            "Community cafe",
            "A warm place for a cuppa and a chat.",
            "Everyone welcome",
            "Pay what you can",
            "Weekdays 10am to 2pm",
        ),
        ("Lunch club", "A hot meal and company.", "Older people in {place}", "£4 a meal", "Thursdays 12 noon to 2pm"),
    ),
    "adult_learning": (
        (
            "Digital skills class",
            "Learn to use a phone, tablet or computer.",
            "Adults, beginners welcome",
            "Free",
            "Mondays 2pm to 4pm",
        ),
        (
            "English for speakers of other languages",
            "English classes at every level.",
            "Adults whose first language is not English",
            "Free",
            "Tuesdays and Thursdays 10am to 12 noon",
        ),
    ),
    "advice": (
        (
            "Advice drop-in",
            "Information and advice on benefits, work, housing and consumer problems.",
            "Anyone in {place}",
            "Free",
            "Weekdays 10am to 3pm",
        ),
        (
            "Legal advice clinic",
            "Free advice from a volunteer solicitor.",
            "Adults on a low income",
            "Free",
            "First Tuesday of the month, 6pm to 8pm",
        ),
    ),
    "peer_support": (
        (
            "Peer support group",
            "Meet others who have been through the same.",
            "Adults in {place}",
            "Free",
            "Fortnightly Wednesdays 6pm to 7.30pm",
        ),
        (
            "Long-term conditions group",
            "Share tips on living well with a condition.",
            "Adults with a long-term condition",
            "Free",
            "Monthly, second Monday 2pm",
        ),
    ),
    "mental_health": (
        (
            "Talking therapies self-referral",
            "Short courses of talking therapy for low mood and anxiety.",
            "Adults registered with a GP in {place}",
            "Free",
            "Weekdays, evenings available",
        ),
        (
            "Wellbeing cafe",
            "A safe space to talk when things are hard.",
            "Adults over 18",
            "Free",
            "Fridays 5pm to 8pm",
        ),
        (
            "Bereavement support",
            "One-to-one and group support after a death.",
            "Adults who have lost someone",
            "Free",
            "By appointment",
        ),
    ),
    "befriending": (
        (
            "Telephone befriending",
            "A weekly friendly call from a volunteer.",
            "People who feel lonely",
            "Free",
            "Weekly, at a time to suit",
        ),
        (
            "Befriending visits",
            "A volunteer visits for a chat and a cuppa.",
            "Older people living alone",
            "Free",
            "Weekly",
        ),
    ),
    "carers": (
        (
            "Carers support group",
            "Support and a break for unpaid carers.",
            "Unpaid carers of any age",
            "Free",
            "Second Tuesday of the month 10am to 12 noon",
        ),
        (
            "Carers assessment",
            "Help to get a carer's assessment and a break.",
            "Unpaid carers",
            "Free",
            "By appointment",
        ),
    ),
    "other": (("Volunteering", "Find a volunteering role that suits you.", "Anyone over 16", "Free", "Weekdays"),),
}
HOW_TO_REFER = (
    "Link workers: send a connection through Linkwork, or phone us.",
    "Phone to book a place, or just come along.",
    "Email us with the person's permission and we will call them.",
)
LOCATIONS = ("Community Centre", "Library", "Church Hall", "Methodist Hall", "Leisure Centre", "Park Pavilion")
ASSESSMENT_NOTES = (
    "Worked through the sheet together at their premises.",
    "Policies seen; volunteer training records up to date.",
    "Small group; meets in an insured hall.",
)
ACTIONS = ("Safeguarding training booked for the new volunteers.", "Will send the updated insurance certificate.")
CATCH_UP_NOTES = (
    "Talked through referrals so far; going well.",
    "Capacity tight over the summer; waiting list reopened.",
    "New coordinator in post; shared our referral guidance.",
    "Agreed a named contact for link workers.",
)
EXCEPTION_REASONS = (
    "Agreement review delayed by the organisation's trustees; long-standing partner with no concerns.",
    "Only local provider of this support; review meeting booked.",
    "New coordinator in post; review booked for next month, connections can continue meanwhile.",
)
WHAT_WOULD_HELP = (
    "More notice before people arrive, and a named link worker to call.",
    "Funding for another paid session a week.",
    "Fewer referrals at once; we are full until spring.",
)
GAPS = (
    "Nothing for younger men in the evenings.",
    "No befriending in the villages.",
    "Transport to groups for people who cannot use buses.",
    "Support for carers of people with dementia.",
)
SUPPORT_NEEDED = (
    "Help to recruit volunteers.",
    "Safeguarding training for new volunteers.",
    "Help to apply for small grants.",
    "A termly catch-up with the link workers.",
)
SIGNATORY_ROLES = ("Chief executive", "Chair", "Coordinator", "Service manager")


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


def _moments(clock: Clock, days: np.ndarray, rng: np.random.Generator, lo: float = 9, hi: float = 17) -> np.ndarray:
    days = from_working_index(working_index(days))
    return clock.local_to_utc(days, working_time(rng, len(days), lo, hi))


def _working(days: np.ndarray) -> np.ndarray:
    return from_working_index(working_index(days))


def _working_day(day: int) -> int:
    """_working for one day: a weekend day moves to the Monday after (1970-01-01, day 0, was a Thursday)."""
    weekday = (day + 3) % 7  # 0 Monday
    return day + (7 - weekday if weekday >= 5 else 0)


@cache
def _review_due(day: int, months: int) -> int:
    return day_number(add_months(day_date(day), months))


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:40] or "group"


def _postcode(rng, area: str) -> str:
    letters = names.POSTCODE_UNIT_LETTERS
    unit = letters[rng.integers(0, len(letters))] + letters[rng.integers(0, len(letters))]
    return f"{area}{rng.integers(1, 30)} {rng.integers(0, 10)}{unit}"


def build(
    *,
    seed: int,
    clock: Clock,
    icb_ids: list[bytes],
    icb_areas: list[str],
    pcns: list[Pcn],
    services: int,
    providers: list[Provider],
    codes: dict[str, int],
    places: np.ndarray,
    works_with_others: float = dist.PCN_WORKS_WITH_OTHERS,
) -> Directory:
    """The directory of these ICBs: `providers` plus new organisations until about `services` services in all."""
    rng = ids.stream(seed, ids.DIRECTORY)
    uid = ids.Uuids(seed, ids.WORLD_CHUNK, ids.DIRECTORY_UUIDS)
    n_icb = len(icb_ids)
    per_org = np.array(dist.SERVICES_PER_ORGANISATION)
    mean_services = float(np.dot(per_org / per_org.sum(), np.arange(1, len(per_org) + 1)))
    given = sum(p.services or mean_services for p in providers)
    n_new = max(0, round((services - given) / mean_services))
    new_ids = uid(n_new)
    kinds = np.array(KINDS)[choice(rng, list(dist.PROVIDER_KIND_SHARES.values()), n_new)]
    new_icb = np.sort(rng.integers(0, n_icb, n_new)) if n_new else np.zeros(0, dtype=np.int64)
    org_ids = np.array([p.id for p in providers] + list(new_ids), dtype="S32")
    org_kind = np.array([p.kind for p in providers] + list(kinds))
    org_icb = np.array([p.icb for p in providers] + list(new_icb), dtype=np.int64)
    n_org = len(org_ids)
    names_new = []
    code_new = []
    for i in range(n_new):
        kind = str(kinds[i])
        forms = ORGANISATION_FORMS[kind]
        place = names.place_name(int(places[rng.integers(0, len(places))]))
        names_new.append(forms[rng.integers(0, len(forms))].format(place=place))
        prefix = {"vcse": "SV", "community_group": "SG", "statutory": "SS"}[kind]
        code_new.append(f"{prefix}{codes[kind]:05d}")
        codes[kind] += 1
    org_names = [p.name for p in providers] + names_new
    drawn_demand = rng.lognormal(0.0, dist.DEMAND_SIGMA, n_org)
    demand = np.array(
        [p.demand or drawn_demand[i] for i, p in enumerate(providers)] + list(drawn_demand[len(providers) :])
    )
    count = choice(rng, dist.SERVICES_PER_ORGANISATION, n_org) + 1
    count[: len(providers)] = [p.services or count[i] for i, p in enumerate(providers)]
    made = clock.local_to_utc(np.array([clock.first_day - 400]), np.array([9 * 3600]))[0]

    organisations = {
        "id": new_ids,
        "created_at": np.full(n_new, made),
        "updated_at": np.full(n_new, made),
        "created_by_id": None,
        "code": np.array(code_new, dtype=str),
        "kind": kinds.astype(str),
        "name": np.array(names_new, dtype=str),
        "parent_id": np.array(icb_ids, dtype="S32")[new_icb] if n_new else np.zeros(0, dtype="S32"),
    }

    # A VCSE partner user for every organisation that has none.
    need = [i for i, p in enumerate(providers) if not p.partner] + list(range(len(providers), n_org))
    partner_ids = uid(len(need))
    org_partner = np.array([p.partner for p in providers] + [b""] * n_new, dtype="S32")
    org_partner[need] = partner_ids
    org_code = [p.code for p in providers] + code_new
    emails = [f"vcse.partner.{org_code[i].lower()}@{EMAIL_DOMAIN}" for i in need]
    given_names = np.array(names.FEMALE_GIVEN + names.MALE_GIVEN)
    family = np.array(names.FAMILY)

    def people(n: int) -> np.ndarray:
        first = given_names[rng.integers(0, len(given_names), n)]
        return np.char.add(np.char.add(first, " "), family[rng.integers(0, len(family), n)])

    from linkwork.synthetic.world import _unusable_passwords  # the same unusable passwords as other users

    users = {
        "password": np.array(_unusable_passwords(rng, len(need)), dtype=str),
        "last_login": None,
        "is_superuser": np.zeros(len(need), dtype=bool),
        "id": partner_ids,
        "email": np.array(emails, dtype=str),
        "full_name": people(len(need)),
        "role": Role.VCSE_PARTNER,
        "is_active": np.ones(len(need), dtype=bool),
        "created_at": np.full(len(need), made),
        "organisation_id": org_ids[need],
    }

    # Services.
    n_svc = int(count.sum())
    service_org = np.repeat(np.arange(n_org), count)
    main = np.array(
        [choice(rng, [KIND_CATEGORIES[str(k)].get(c, 0) for c in CATEGORY_KEYS], 1)[0] for k in org_kind],
        dtype=np.int64,
    )
    kind_weights = np.array([[KIND_CATEGORIES[k].get(c, 0) for c in CATEGORY_KEYS] for k in KINDS], dtype=float)
    kind_index = np.array([KINDS.index(str(k)) for k in org_kind], dtype=np.int64)
    u = rng.random((n_svc, len(CATEGORY_KEYS)))
    keys = np.log(np.maximum(kind_weights[kind_index[service_org]], 1e-12)) - np.log(-np.log(u))
    other = np.argmax(keys, axis=1)
    category = np.where(rng.random(n_svc) < 0.5, main[service_org], other)
    status_keys = list(dist.SERVICE_STATUS_SHARES)
    status = np.array(status_keys)[choice(rng, list(dist.SERVICE_STATUS_SHARES.values()), n_svc)]
    public = rng.random(n_svc) < dist.PUBLIC_SHARE
    within = rng.lognormal(0.0, 0.6, n_svc) * (status == "active")
    totals = np.bincount(service_org, weights=within, minlength=n_org)
    service_weight = np.where(totals[service_org] > 0, within / np.maximum(totals[service_org], 1e-12), 0.0)
    service_ids = uid(n_svc)
    columns: tuple[str, ...] = ("name", "description", "eligibility", "cost", "schedule", "location_name", "address")
    columns += ("postcode",)
    columns += ("contact_name", "contact_phone", "contact_email", "website", "how_to_refer")
    texts: dict[str, list[str]] = {k: [] for k in columns}
    contacts = people(n_svc)
    for s in range(n_svc):
        o = int(service_org[s])
        place = org_names[o].split(" ")[0]
        templates = SERVICE_FORMS[CATEGORY_KEYS[category[s]]]
        name, description, eligibility, cost, schedule = templates[rng.integers(0, len(templates))]
        texts["name"].append(f"{place} {name[0].lower()}{name[1:]}" if rng.random() < 0.5 else name)
        texts["description"].append(f"{description} Run by {org_names[o]}.")
        texts["eligibility"].append(eligibility.format(place=place))
        texts["cost"].append(cost)
        texts["schedule"].append(schedule)
        location = f"{place} {LOCATIONS[rng.integers(0, len(LOCATIONS))]}"
        texts["location_name"].append(location)
        texts["address"].append(f"{rng.integers(1, 200)} {names.STREETS[rng.integers(0, len(names.STREETS))]}, {place}")
        texts["postcode"].append(_postcode(rng, icb_areas[org_icb[o]]))
        texts["contact_name"].append(str(contacts[s]))
        texts["contact_phone"].append(f"0113 496 0{rng.integers(0, 1000):03d}")
        slug = _slug(org_names[o])
        texts["contact_email"].append(f"hello@{slug}.example.org")
        texts["website"].append(f"https://{slug}.example.org")
        texts["how_to_refer"].append(HOW_TO_REFER[rng.integers(0, len(HOW_TO_REFER))])
    svc_made = _moments(clock, np.full(n_svc, clock.first_day - 300) + rng.integers(0, 200, n_svc), rng)
    service_rows = {
        "id": service_ids,
        "created_at": svc_made,
        "updated_at": svc_made,
        "created_by_id": org_partner[service_org],
        "organisation_id": org_ids[service_org],
        **{k: np.array(v, dtype=str) for k, v in texts.items()},
        "category": np.array(CATEGORY_KEYS)[category],
        "status": status,
        "public": public,
        "public_views": np.where(public, rng.integers(0, 400, n_svc), 0),
    }

    _postcode_parts(service_rows)

    capacity = _capacity(rng, uid, clock, n_org, org_ids, org_partner)
    pairs = _pairs(rng, pcns, org_icb, demand, works_with_others)
    qa = _quality(rng, uid, clock, pcns, pairs, org_ids, org_kind, people)
    surveys = _surveys(rng, uid, clock, org_ids, org_partner, org_icb, demand, pcns)

    width = 1
    per_pcn = []
    pair_pcn = np.array([p for p, _ in pairs], dtype=np.int64)
    pair_org = np.array([o for _, o in pairs], dtype=np.int64)
    bounds = np.searchsorted(pair_pcn, np.arange(len(pcns) + 1))  # pairs come in PCN order
    services_of = np.split(np.arange(n_svc)[np.argsort(service_org, kind="stable")], np.cumsum(count)[:-1])
    for p in range(len(pcns)):
        orgs = np.sort(pair_org[bounds[p] : bounds[p + 1]])
        found = np.concatenate([services_of[o] for o in orgs]) if len(orgs) else np.zeros(0, dtype=np.int64)
        found = np.sort(found[service_weight[found] > 0])
        per_pcn.append(found)
        width = max(width, len(found))
    pcn_services = np.full((len(pcns), width), -1, dtype=np.int64)
    for p, found in enumerate(per_pcn):
        pcn_services[p, : len(found)] = found

    return Directory(
        org_ids=org_ids,
        org_partner=org_partner,
        org_demand=demand,
        service_ids=service_ids,
        service_org=service_org,
        service_category=category,
        service_weight=service_weight,
        pcn_services=pcn_services,
        capacity_org=capacity.pop("_org"),
        capacity_day=capacity.pop("_day"),
        capacity_status=capacity.pop("_status"),
        capacity_wait=capacity.pop("_wait"),
        permit_pair=qa.pop("_pair"),
        permit_start=qa.pop("_start"),
        permit_end=qa.pop("_end"),
        rows={
            "organisation": organisations,
            "user": users,
            "service": service_rows,
            "capacitystatement": capacity["rows"],
            "qualityassessment": qa["qualityassessment"],
            "agreement": qa["agreement"],
            "catchup": qa["catchup"],
            "agreementexception": qa["agreementexception"],
            "confidencesurvey": surveys,
        },
    )


def _postcode_parts(rows: dict) -> None:
    """The postcode's area and district columns the directory searches by place (as Service.save stores them)."""
    from linkwork.community import models

    fields = {f.column for f in models.Service._meta.concrete_fields}
    if {"postcode_area", "postcode_district"} <= fields:
        parts = [models.postcode_parts(p) for p in rows["postcode"].tolist()]
        rows["postcode_area"] = np.array([a for a, _ in parts], dtype=str)
        rows["postcode_district"] = np.array([d for _, d in parts], dtype=str)


def _capacity(rng, uid, clock: Clock, n_org: int, org_ids, org_partner) -> dict:
    """Statements over the history, each repeating the organisation's usual state most of the time."""
    usual = choice(rng, list(dist.CAPACITY_SHARES.values()), n_org)
    lo, hi = dist.CAPACITY_EVERY_DAYS
    orgs, days = [], []
    start = clock.first_day - rng.integers(0, 200, n_org)
    for o in range(n_org):
        d = int(start[o])
        while d <= clock.last_day:
            orgs.append(o)
            days.append(d)
            d += int(rng.integers(lo, hi + 1))
    org = np.array(orgs, dtype=np.int64)
    day = _working(np.array(days, dtype=np.int64))
    day = np.minimum(day, _working(np.array([clock.last_day]))[0])
    day = np.where(day > clock.last_day, day - 3, day)
    n = len(org)
    drawn = choice(rng, list(dist.CAPACITY_SHARES.values()), n)
    status = np.where(rng.random(n) < dist.CAPACITY_KEEPS, usual[org], drawn)
    wait = np.exp(np.log(dist.WAITING_LIST_DAYS) + 0.5 * rng.standard_normal(n)).round().astype(np.int64).clip(1, 365)
    wait = np.where(status == WAITING_LIST, wait, 0)
    at = _moments(clock, day, rng)
    order = np.lexsort((day, org))
    return {
        "_org": org[order],
        "_day": day[order],
        "_status": status[order],
        "_wait": wait[order],
        "rows": {
            "id": uid(n),
            "created_at": at,
            "updated_at": at,
            "created_by_id": org_partner[org],
            "organisation_id": org_ids[org],
            "status": np.array(CAPACITY)[status],
            "typical_wait_days": [int(w) if w else None for w in wait.tolist()],
            "stated_on": day,
        },
    }


def _pairs(rng, pcns: list[Pcn], org_icb: np.ndarray, demand: np.ndarray, others: float) -> list[tuple[int, int]]:
    """(pcn, organisation) pairs a PCN works with: the busiest organisations of its ICB, and some others."""
    found: list[tuple[int, int]] = []
    by_icb: dict[int, np.ndarray] = {}
    for icb in {int(p.icb) for p in pcns}:
        members = np.nonzero(org_icb == icb)[0]
        by_icb[icb] = members[np.argsort(-demand[members])]
    for p, pcn in enumerate(pcns):
        members = by_icb.get(int(pcn.icb), np.zeros(0, dtype=np.int64))
        top = max(1, round(len(members) * dist.PCN_WORKS_WITH_TOP))
        keep = np.arange(len(members)) < top
        keep |= rng.random(len(members)) < others
        found.extend((p, int(o)) for o in members[keep])
    return found


class _Rows:
    """Rows collected one by one, handed over as typed column arrays (typed even when there are none)."""

    def __init__(self, **dtypes):
        self.dtypes = dtypes
        self.columns: dict[str, list] = {n: [] for n in dtypes}

    def add(self, **values):
        for k, v in values.items():
            self.columns[k].append(v)

    def arrays(self) -> dict[str, np.ndarray]:
        return {k: np.array(v, dtype=self.dtypes[k]) for k, v in self.columns.items()}


def _quality(rng, uid, clock: Clock, pcns: list[Pcn], pairs, org_ids, org_kind, people) -> dict:
    """Each pair's chain of agreements (with the assessment before the first), leadership changes, exceptions that
    bridge some lapses, catch-ups; and the days the PCN may connect people to the organisation."""
    sheets = quality.prompt_sheets()
    review_months = sheets["review_after_months"]
    last = clock.last_day
    int64 = np.int64
    assessments = _Rows(pair=int64, day=int64, sheet=str, confident=bool)
    agreements = _Rows(pair=int64, assessment=int64, pcn_on=int64, org_on=int64, due=int64, leader=int64, sheet=str)
    exceptions = _Rows(pair=int64, granted=int64, expires=int64, reason=str)
    catch_ups = _Rows(pair=int64, day=int64, note=str)
    permits: list[tuple[int, int, int]] = []
    n_org = len(org_ids)
    for k, (p, o) in enumerate(pairs):
        sheet = quality.suggested_sheet(str(org_kind[o]))
        if rng.random() < dist.AGREEMENT_STARTED_BEFORE:
            signed = clock.first_day - int(rng.integers(0, 330))
        else:
            signed = clock.first_day + int(rng.integers(0, 600))
        signed = _working_day(signed)
        if signed > last:
            continue
        assessed = _working_day(signed - int(rng.integers(10, 30)))
        assessments.add(pair=k, day=assessed, sheet=sheet, confident=bool(rng.random() < 0.93))
        first_assessment = len(assessments.columns["pair"]) - 1
        spans = []
        while signed <= last:
            pcn_on = signed - int(rng.integers(0, 8))
            due = _review_due(signed, review_months)
            leader = NULL
            if rng.random() < dist.LEADERSHIP_CHANGE_SHARE and due - signed > 60:
                change = signed + int(rng.integers(30, due - signed - 20))
                if change <= last:
                    leader = change
            agreements.add(
                pair=k,
                assessment=first_assessment
                if not agreements.columns["pair"] or agreements.columns["pair"][-1] != k
                else -1,
                pcn_on=pcn_on,
                org_on=signed,
                due=due,
                leader=leader,
                sheet=sheet,
            )
            end = leader if leader != NULL else due
            if leader != NULL:
                following = leader + int(rng.integers(14, 75))
            elif rng.random() < dist.AGREEMENT_REVIEWED_ON_TIME:
                following = due - int(rng.integers(0, 30))
            else:
                following = due + int(rng.integers(10, 90))
            following = max(_working_day(following), signed + 1)
            if following <= last and due <= last and rng.random() < dist.NOT_REVIEWED_SHARE:
                following = last + 1  # never reviewed: lapsed since its review date
            spans.append((signed, min(end, following)))
            if following > end and end <= last and rng.random() < dist.EXCEPTION_IN_GAP_SHARE:
                granted = _working_day(end + int(rng.integers(0, 10)))
                if granted <= last and granted < following:
                    expires = NULL if rng.random() < 0.3 else following + int(rng.integers(5, 40))
                    exceptions.add(
                        pair=k,
                        granted=granted,
                        expires=expires,
                        reason=EXCEPTION_REASONS[rng.integers(0, len(EXCEPTION_REASONS))],
                    )
                    spans.append((granted, last + 10_000 if expires == NULL else expires))
            signed = following
        # Catch-ups from the first signing, every three to six months; some stopped a while ago.
        first = spans[0][0]
        stop = last if rng.random() > dist.CATCH_UPS_STOP_SHARE else last - int(rng.integers(200, 400))
        d = first + int(rng.integers(*dist.CATCH_UP_EVERY_DAYS))
        while d <= stop:
            catch_ups.add(pair=k, day=_working_day(d), note=CATCH_UP_NOTES[rng.integers(0, 4)])
            d += int(rng.integers(*dist.CATCH_UP_EVERY_DAYS))
        spans.sort()
        merged: list[list[int]] = []
        for s, e in spans:
            if e <= s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        permits.extend((p * n_org + o, s, e) for s, e in merged)

    pair_pcn = np.array([p for p, _ in pairs], dtype=np.int64)
    pair_org = np.array([o for _, o in pairs], dtype=np.int64)
    manager = np.array([p.manager for p in pcns], dtype="S32")
    manager_name = np.array([p.manager_name for p in pcns], dtype=str)
    lw = np.array([p.link_workers[0] if p.link_workers else p.manager for p in pcns], dtype="S32")

    a = assessments.arrays()
    n_a = len(a["pair"])
    assessment_ids = uid(n_a)
    a_pair = a["pair"]
    a_at = _moments(clock, a["day"], rng)
    documents, checks = [], []
    for i in range(n_a):
        sheet = sheets["sheets"][str(a["sheet"][i])]
        documents.append(json.dumps({d["key"]: bool(rng.random() < 0.9) for d in sheet["documents"]}))
        checks.append(
            json.dumps(
                {c["key"]: {"notes": "Seen." if rng.random() < 0.3 else "", "evidence": ""} for c in sheet["checks"]}
            )
        )
    confident = a["confident"]
    notes = np.array(ASSESSMENT_NOTES)[rng.integers(0, len(ASSESSMENT_NOTES), n_a)]
    actions = np.where(confident, "", np.array(ACTIONS)[rng.integers(0, len(ACTIONS), n_a)])
    assessment_rows = {
        "id": assessment_ids,
        "created_at": a_at,
        "updated_at": a_at,
        "created_by_id": lw[pair_pcn[a_pair]],
        "organisation_id": org_ids[pair_org[a_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[a_pair]],
        "sheet": a["sheet"],
        "assessed_on": a["day"],
        "documents": documents,
        "checks": checks,
        "notes": notes.astype(str),
        "actions_agreed": actions.astype(str),
        "confident": confident,
    }

    g = agreements.arrays()
    n_g = len(g["pair"])
    g_pair = g["pair"]
    g_at = _moments(clock, g["org_on"], rng, 12, 17)
    leaders = g["leader"]
    changed = leaders != NULL
    updated = np.where(changed, _moments(clock, np.where(changed, leaders, g["org_on"]), rng), g_at)
    assessment = g["assessment"]
    org_signatory = np.char.add(
        np.char.add(people(n_g), ", "), np.array(SIGNATORY_ROLES)[rng.integers(0, len(SIGNATORY_ROLES), n_g)]
    )
    agreement_rows = {
        "id": uid(n_g),
        "created_at": g_at,
        "updated_at": updated,
        "created_by_id": manager[pair_pcn[g_pair]],
        "organisation_id": org_ids[pair_org[g_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[g_pair]],
        "assessment_id": np.where(assessment >= 0, assessment_ids[np.maximum(assessment, 0)] if n_a else b"", b""),
        "sheet": g["sheet"],
        "pcn_signatory": manager_name[pair_pcn[g_pair]],
        "pcn_signed_on": g["pcn_on"],
        "organisation_signatory": org_signatory,
        "organisation_signed_on": g["org_on"],
        "review_due_on": g["due"],
        "leadership_changed_on": leaders,
    }

    x = exceptions.arrays()
    n_x = len(x["pair"])
    x_pair = x["pair"]
    x_at = _moments(clock, x["granted"], rng)
    exception_rows = {
        "id": uid(n_x),
        "created_at": x_at,
        "updated_at": x_at,
        "created_by_id": manager[pair_pcn[x_pair]],
        "organisation_id": org_ids[pair_org[x_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[x_pair]],
        "reason": x["reason"],
        "granted_on": x["granted"],
        "expires_on": x["expires"],
    }

    c = catch_ups.arrays()
    n_c = len(c["pair"])
    c_pair = c["pair"]
    c_at = _moments(clock, c["day"], rng)
    catch_up_rows = {
        "id": uid(n_c),
        "created_at": c_at,
        "updated_at": c_at,
        "created_by_id": lw[pair_pcn[c_pair]],
        "organisation_id": org_ids[pair_org[c_pair]],
        "pcn_id": np.array([p.id for p in pcns], dtype="S32")[pair_pcn[c_pair]],
        "held_on": c["day"],
        "notes": c["note"],
    }

    permit = np.array(permits, dtype=np.int64).reshape(-1, 3)
    order = np.lexsort((permit[:, 1], permit[:, 0]))
    permit = permit[order]
    return {
        "_pair": permit[:, 0],
        "_start": permit[:, 1],
        "_end": permit[:, 2],
        "qualityassessment": assessment_rows,
        "agreement": agreement_rows,
        "catchup": catch_up_rows,
        "agreementexception": exception_rows,
    }


def _surveys(rng, uid, clock: Clock, org_ids, org_partner, org_icb, demand, pcns: list[Pcn]) -> dict:
    """Some organisations answer the confidence survey about every six months (on the web, or by phone to a link
    worker of a PCN in their ICB); some have let it lapse."""
    n_org = len(org_ids)
    answering = np.nonzero(rng.random(n_org) < dist.SURVEY_SHARE)[0]
    lw_by_icb: dict[int, bytes] = {}
    for p in pcns:
        if p.link_workers:
            lw_by_icb.setdefault(int(p.icb), p.link_workers[0])
    orgs, days = [], []
    for o in answering:
        d = clock.first_day + int(rng.integers(0, 180))
        stop = clock.last_day if rng.random() < 0.75 else clock.last_day - int(rng.integers(120, 300))
        while d <= stop:
            orgs.append(int(o))
            days.append(d)
            d += int(rng.integers(*dist.SURVEY_EVERY_DAYS))
    org = np.array(orgs, dtype=np.int64)
    n = len(org)
    day = _working(np.array(days, dtype=np.int64)) if n else np.zeros(0, dtype=np.int64)
    day = np.where(day > clock.last_day, day - 3, day)
    phone_by = np.array([lw_by_icb.get(int(i), b"") for i in org_icb[org]], dtype="S32") if n else np.zeros(0, "S32")
    web = (rng.random(n) < dist.SURVEY_WEB_SHARE) | (phone_by == b"")
    coped = np.array(list(dist.COPED_WELL_SHARES))[choice(rng, list(dist.COPED_WELL_SHARES.values()), n)]
    disagree = np.isin(coped, list(quality.DISAGREEING))
    helps = np.array(WHAT_WOULD_HELP)[rng.integers(0, len(WHAT_WOULD_HELP), n)]
    at = _moments(clock, day, rng) if n else np.zeros(0, dtype=np.int64)
    people_connected = np.round(demand[org] * rng.lognormal(1.5, 0.5, n)).astype(np.int64)
    return {
        "id": uid(n),
        "created_at": at,
        "updated_at": at,
        "created_by_id": np.where(web, org_partner[org], phone_by),
        "organisation_id": org_ids[org],
        "answered_on": day,
        "via": np.where(web, "web", "phone"),
        "people_connected": [
            int(v) if keep else None
            for v, keep in zip(people_connected.tolist(), (rng.random(n) < 0.9).tolist(), strict=True)
        ],
        "coped_well": coped.astype(str),
        "what_would_help": np.where(disagree & (rng.random(n) < 0.85), helps, "").astype(str),
        "volunteers": [int(v) for v in rng.integers(0, 60, n).tolist()],
        "gaps": np.where(rng.random(n) < 0.5, np.array(GAPS)[rng.integers(0, len(GAPS), n)], "").astype(str),
        "support_needed": np.where(
            rng.random(n) < 0.5, np.array(SUPPORT_NEEDED)[rng.integers(0, len(SUPPORT_NEEDED), n)], ""
        ).astype(str),
    }


def from_database(pcn_hex: bytes) -> Directory:
    """The directory as stored, for adding people to one PCN (generate --into-pcn, the demo): the provider
    organisations of its ICB or with its agreements, that have a VCSE partner user to answer connections. Their
    pull follows how many services they run (and a fixed draw from their code), so a run is reproducible."""
    import uuid
    import zlib

    from django.db.models import Q

    from linkwork.accounts.models import User
    from linkwork.community.models import Agreement, AgreementException, CapacityStatement, Service
    from linkwork.organisations.models import PROVIDER_KINDS, Organisation

    pcn = Organisation.objects.get(pk=uuid.UUID(pcn_hex.decode()))
    agreed = Agreement.objects.filter(pcn=pcn).values("organisation_id")
    candidates = Organisation.objects.filter(kind__in=PROVIDER_KINDS).filter(
        Q(parent_id=pcn.parent_id) | Q(pk__in=agreed)
    )
    partners: dict = {}
    for user in User.objects.filter(role=Role.VCSE_PARTNER, is_active=True, organisation__in=candidates).order_by(
        "email"
    ):
        partners.setdefault(user.organisation_id, user.pk)
    orgs = [o for o in candidates.order_by("code") if o.pk in partners]
    index = {o.pk: i for i, o in enumerate(orgs)}
    services = list(
        Service.objects.filter(organisation_id__in=list(index), status="active").order_by(
            "organisation__code", "name", "id"
        )
    )
    per_org = np.bincount([index[s.organisation_id] for s in services], minlength=len(orgs)).astype(float)
    draw = np.array([np.random.default_rng(zlib.crc32(o.code.encode())).lognormal(0.0, 1.0) for o in orgs])
    demand = (1.0 + per_org) * draw if orgs else np.zeros(0)
    service_org = np.array([index[s.organisation_id] for s in services], dtype=np.int64)
    category = np.array([CATEGORY_KEYS.index(s.category) for s in services], dtype=np.int64)
    weight = 1.0 / np.maximum(per_org[service_org], 1.0) if len(services) else np.zeros(0)

    permits = []
    for o in orgs:
        pair = index[o.pk]
        chain = list(
            Agreement.objects.filter(organisation=o, pcn=pcn).order_by(
                "organisation_signed_on", "pcn_signed_on", "created_at"
            )
        )
        for k, agreement in enumerate(chain):
            start = day_number(agreement.organisation_signed_on)
            ends = [day_number(agreement.review_due_on)]
            if agreement.leadership_changed_on:
                ends.append(day_number(agreement.leadership_changed_on))
            if k + 1 < len(chain):
                ends.append(day_number(chain[k + 1].organisation_signed_on))
            permits.append((pair, start, min(ends)))
        for exception in AgreementException.objects.filter(organisation=o, pcn=pcn):
            end = day_number(exception.expires_on) if exception.expires_on else 1 << 19
            permits.append((pair, day_number(exception.granted_on), end))
    merged: list[list[int]] = []
    for pair, start, end in sorted(p for p in permits if p[2] > p[1]):
        if merged and merged[-1][0] == pair and start <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([pair, start, end])
    permit = np.array(merged, dtype=np.int64).reshape(-1, 3)

    statements = sorted(
        (index[s.organisation_id], day_number(s.stated_on), CAPACITY.index(s.status), s.typical_wait_days or 0)
        for s in CapacityStatement.objects.filter(organisation_id__in=list(index))
    )
    capacity = np.array(statements, dtype=np.int64).reshape(-1, 4)
    return Directory(
        org_ids=np.array([o.pk.hex.encode() for o in orgs], dtype="S32"),
        org_partner=np.array([partners[o.pk].hex.encode() for o in orgs], dtype="S32"),
        org_demand=demand,
        service_ids=np.array([s.pk.hex.encode() for s in services], dtype="S32"),
        service_org=service_org,
        service_category=category,
        service_weight=weight,
        pcn_services=np.arange(len(services), dtype=np.int64)[None, :] if services else np.full((1, 1), -1),
        capacity_org=capacity[:, 0],
        capacity_day=capacity[:, 1],
        capacity_status=capacity[:, 2],
        capacity_wait=capacity[:, 3],
        permit_pair=permit[:, 0],
        permit_start=permit[:, 1],
        permit_end=permit[:, 2],
    )
