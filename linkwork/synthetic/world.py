"""The organisations and staff synthetic people are referred within: built nationally, or read from one PCN.

Synthetic organisation codes (never the shape of a real code of the same kind, so they cannot collide with
real or hand-made ODS codes, which are 3 characters for an ICB and 6 for a PCN or practice, and with
charity numbers, which are digits):

    ICB       SQ + 2 digits   SQ01      (4 characters)
    PCN       SN + 5 digits   SN00001   (7 characters)
    practice  SP + 5 digits   SP00001   (7 characters)
    VCSE      SV + 5 digits   SV00001   (7 characters)
    community group    SG + 5 digits   (directory.py)
    statutory service  SS + 5 digits   (directory.py)

Numbering continues after the highest synthetic code already stored, so a second run adds new ones.
Synthetic users have emails under @synthetic.linkwork.test and unusable passwords.
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.core.management.base import CommandError

from linkwork.accounts.models import User
from linkwork.core.roles import CASELOAD_ROLES, Role
from linkwork.geography.policy.postcodes import postcode_parts
from linkwork.organisations.models import Organisation, OrganisationKind
from linkwork.synthetic import assurance, ids, names
from linkwork.synthetic import directory as directories
from linkwork.synthetic import distributions as dist
from linkwork.synthetic.clock import Clock
from linkwork.synthetic.directory import Pcn, Provider

EMAIL_DOMAIN = "synthetic.linkwork.test"
CODE_PREFIX = {"icb": "SQ", "pcn": "SN", "practice": "SP", "vcse": "SV", "community_group": "SG", "statutory": "SS"}
CODE_DIGITS = {"icb": 2, "pcn": 5, "practice": 5, "vcse": 5, "community_group": 5, "statutory": 5}
HOLDER_ROLES = tuple(dist.HOLDER_ROLE_SHARES)


@dataclass
class World:
    """Where people are registered and who works with them, as arrays indexed by PCN and practice."""

    pcn_ids: np.ndarray  # (pcns,) hex
    practice_ids: np.ndarray  # (practices,) hex
    practice_pcn: np.ndarray  # (practices,) index into pcn_ids
    practice_weight: np.ndarray  # (practices,) share of people registered there, sums to 1
    practice_area: np.ndarray  # (practices,) postcode area, e.g. "LS"
    practice_district: np.ndarray  # (practices,) postcode district number
    practice_staff: np.ndarray  # (practices,) hex of the practice's staff user, b"" if none
    holder_ids: np.ndarray  # (pcns, holders) hex of caseload holders, padded with b""
    holder_roles: np.ndarray  # (pcns, holders) index into HOLDER_ROLES
    holder_cum: np.ndarray  # (pcns, holders) cumulative share of episodes each holds (padding: 2.0)
    holder_count: np.ndarray  # (pcns,)
    organisations: dict = field(default_factory=dict)  # rows to insert, by column (national build only)
    users: dict = field(default_factory=dict)
    directory: Any = None  # directory.Directory: services people are connected to, and when the PCNs may
    pcn_codes: np.ndarray = field(default_factory=lambda: np.array([], dtype=str))  # (pcns,) ODS codes
    directory_areas: tuple[str, ...] = ()  # the postcode areas of the directory's services (national build)

    def areas(self) -> set[str]:
        """The postcode areas people and services are given postcodes in."""
        return {str(a) for a in np.unique(self.practice_area)} | set(self.directory_areas)


def _holder_arrays(per_pcn: list[list[tuple[bytes, str]]]):
    """Pad each PCN's caseload holders [(hex id, role), ...] into matrices with cumulative episode shares."""
    width = max(len(h) for h in per_pcn)
    n = len(per_pcn)
    hid = np.full((n, width), b"", dtype="S32")
    roles = np.zeros((n, width), dtype=np.int64)
    cum = np.full((n, width), 2.0)
    counts = np.array([len(h) for h in per_pcn])
    for p, holders in enumerate(per_pcn):
        weights = []
        link_workers = 0
        for role in (r for _, r in holders):
            if role == Role.LINK_WORKER:
                weights.append(dist.LINK_WORKER_WEIGHTS[link_workers % len(dist.LINK_WORKER_WEIGHTS)])
                link_workers += 1
            else:
                weights.append(1.0)
        by_role = {r: sum(w for w, (_, rr) in zip(weights, holders, strict=True) if rr == r) for r in HOLDER_ROLES}
        share = [dist.HOLDER_ROLE_SHARES[r] * w / by_role[r] for w, (_, r) in zip(weights, holders, strict=True)]
        c = np.cumsum(share) / sum(share)
        c[-1] = 1.0
        for k, (hex_id, role) in enumerate(holders):
            hid[p, k], roles[p, k], cum[p, k] = hex_id, HOLDER_ROLES.index(role), c[k]
    return hid, roles, cum, counts


def _next_number(kind: str) -> int:
    prefix, digits = CODE_PREFIX[kind], CODE_DIGITS[kind]
    numbers = [
        int(code[len(prefix) :])
        for code in Organisation.objects.filter(kind=kind, code__startswith=prefix).values_list("code", flat=True)
        if code[len(prefix) :].isdigit() and len(code) >= len(prefix) + digits
    ]
    return max(numbers, default=0) + 1


def _unusable_passwords(rng: np.random.Generator, n: int) -> list[str]:
    """What make_password(None) stores ('!' and 40 random characters), but drawn from the seed."""
    alphabet = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
    letters = alphabet[rng.integers(0, len(alphabet), (n, UNUSABLE_PASSWORD_SUFFIX_LENGTH))]
    return [UNUSABLE_PASSWORD_PREFIX + "".join(row) for row in letters]


def national(people: int, seed: int, clock: Clock) -> World:
    """ICBs, PCNs, practices, VCSE organisations and PCN and practice staff, scaled to `people`."""
    rng = ids.stream(seed, ids.WORLD)
    uid = ids.Uuids(seed, ids.WORLD_CHUNK)
    n_pcn = max(1, round(people / dist.PEOPLE_PER_PCN))
    n_icb = min(dist.MAX_ICBS, -(-n_pcn // dist.PCNS_PER_ICB))
    practices_per_pcn = rng.integers(dist.PRACTICES_PER_PCN[0], dist.PRACTICES_PER_PCN[1] + 1, n_pcn)
    n_practice = int(practices_per_pcn.sum())
    n_vcse = n_icb * dist.VCSES_PER_ICB
    start = {kind: _next_number(kind) for kind in CODE_PREFIX}

    def codes(kind: str, n: int) -> list[str]:
        return [f"{CODE_PREFIX[kind]}{start[kind] + i:0{CODE_DIGITS[kind]}d}" for i in range(n)]

    icb_ids, pcn_ids = uid(n_icb), uid(n_pcn)
    practice_ids, vcse_ids = uid(n_practice), uid(n_vcse)
    pcn_icb = np.sort(np.arange(n_pcn) % n_icb)
    practice_pcn = np.repeat(np.arange(n_pcn), practices_per_pcn)
    pcn_codes, practice_codes = codes("pcn", n_pcn), codes("practice", n_practice)
    places = rng.permutation(len(names.PLACE_STARTS) * len(names.PLACE_ENDS))
    icb_names = [f"NHS {names.place_name(places[i])} Integrated Care Board" for i in range(n_icb)]
    pcn_names = [
        f"{names.place_name(places[(i * 7 + 3) % len(places)])}"
        f"{names.PCN_QUALIFIERS[(i // len(places)) % len(names.PCN_QUALIFIERS)]} Primary Care Network"
        for i in range(n_pcn)
    ]
    practice_names = [
        names.PRACTICE_FORMS[i % len(names.PRACTICE_FORMS)].format(
            street=names.STREETS[(i * 5 + p) % len(names.STREETS)],
            place=names.place_name(places[(i * 11) % len(places)]),
        )
        for i, p in enumerate(practice_pcn)
    ]
    vcse_names = [
        names.VCSE_FORMS[i % len(names.VCSE_FORMS)].format(place=names.place_name(places[(i * 13 + 5) % len(places)]))
        for i in range(n_vcse)
    ]
    made = clock.local_to_utc(np.array([clock.first_day - 60]), np.array([9 * 3600]))[0]
    kinds = ["icb"] * n_icb + ["pcn"] * n_pcn + ["practice"] * n_practice + ["vcse"] * n_vcse
    n_org = len(kinds)
    organisations = {
        "id": np.concatenate([icb_ids, pcn_ids, practice_ids, vcse_ids]),
        "created_at": np.full(n_org, made),
        "updated_at": np.full(n_org, made),
        "created_by_id": None,
        "code": np.array(codes("icb", n_icb) + pcn_codes + practice_codes + codes("vcse", n_vcse)),
        "kind": np.array(kinds),
        "name": np.array(icb_names + pcn_names + practice_names + vcse_names),
        "parent_id": np.concatenate(
            [
                np.full(n_icb, b"", dtype="S32"),
                icb_ids[pcn_icb],
                pcn_ids[practice_pcn],
                icb_ids[np.arange(n_vcse) // dist.VCSES_PER_ICB],
            ]
        ),
    }

    # Staff: the PCN team, then one practice staff member per practice.
    roles, org_ids, emails = [], [], []
    for p, code in enumerate(pcn_codes):
        for role, count in dist.PCN_STAFF:
            for k in range(count):
                roles.append(role)
                org_ids.append(pcn_ids[p])
                emails.append(f"{role.replace('_', '.')}.{k + 1}.{code.lower()}@{EMAIL_DOMAIN}")
    for i, code in enumerate(practice_codes):
        roles.append(Role.PRACTICE_STAFF.value)
        org_ids.append(practice_ids[i])
        emails.append(f"practice.staff.{code.lower()}@{EMAIL_DOMAIN}")
    n_user = len(roles)
    user_ids = uid(n_user)
    given = np.array(names.FEMALE_GIVEN + names.MALE_GIVEN)[rng.integers(0, 100, n_user)]
    family = np.array(names.FAMILY)[rng.integers(0, len(names.FAMILY), n_user)]
    users = {
        "password": np.array(_unusable_passwords(rng, n_user)),
        "last_login": None,
        "is_superuser": np.zeros(n_user, dtype=bool),
        "id": user_ids,
        "email": np.array(emails),
        "full_name": np.char.add(np.char.add(given, " "), family),
        "role": np.array(roles),
        "is_active": np.ones(n_user, dtype=bool),
        "created_at": np.full(n_user, made),
        "organisation_id": np.array(org_ids, dtype="S32"),
    }
    role_arr = np.array(roles)
    per_pcn = [[] for _ in range(n_pcn)]
    pcn_index = {bytes(h): i for i, h in enumerate(pcn_ids)}
    for uid_hex, role, org in zip(user_ids, role_arr, users["organisation_id"], strict=True):
        if role in CASELOAD_ROLES:
            per_pcn[pcn_index[bytes(org)]].append((bytes(uid_hex), str(role)))
    staff = user_ids[role_arr == Role.PRACTICE_STAFF.value]  # in practice order

    hid, hroles, cum, counts = _holder_arrays(per_pcn)
    pcn_size = rng.lognormal(0.0, 0.35, n_pcn)
    within = rng.lognormal(0.0, 0.4, n_practice)
    within_sum = np.bincount(practice_pcn, weights=within)
    weight = pcn_size[practice_pcn] * within / within_sum[practice_pcn]
    areas = np.array(names.POSTCODE_AREAS)
    vcse_codes = codes("vcse", n_vcse)
    pcn_staff = [
        Pcn(id=bytes(h), icb=int(pcn_icb[p]), manager=b"", manager_name="", link_workers=[])
        for p, h in enumerate(pcn_ids)
    ]
    for uid_hex, role, org, name in zip(user_ids, role_arr, users["organisation_id"], users["full_name"], strict=True):
        p = pcn_index.get(bytes(org))
        if p is None:
            continue
        if role == Role.PCN_MANAGER:
            pcn_staff[p].manager, pcn_staff[p].manager_name = bytes(uid_hex), str(name)
        elif role == Role.LINK_WORKER:
            pcn_staff[p].link_workers.append(bytes(uid_hex))
    icb_areas = [str(areas[i % len(areas)]) for i in range(n_icb)]
    directory = directories.build(
        seed=seed,
        clock=clock,
        icb_ids=[bytes(h) for h in icb_ids],
        icb_areas=icb_areas,
        pcns=pcn_staff,
        services=max(dist.MIN_SERVICES, round(people / dist.PEOPLE_PER_SERVICE)),
        providers=[
            Provider(
                id=bytes(vcse_ids[i]), code=vcse_codes[i], kind="vcse", name=vcse_names[i], icb=i // dist.VCSES_PER_ICB
            )
            for i in range(n_vcse)
        ],
        codes={
            "vcse": start["vcse"] + n_vcse,
            "community_group": start["community_group"],
            "statutory": start["statutory"],
        },
        places=places,
    )
    assurance.confident_before_signing(directory.rows, seed, clock)
    return World(
        pcn_ids=pcn_ids,
        practice_ids=practice_ids,
        practice_pcn=practice_pcn,
        practice_weight=weight / weight.sum(),
        practice_area=areas[(pcn_icb[practice_pcn] + rng.integers(0, 2, n_practice)) % len(areas)],
        practice_district=rng.integers(1, 30, n_practice),
        practice_staff=staff,
        holder_ids=hid,
        holder_roles=hroles,
        holder_cum=cum,
        holder_count=counts,
        organisations=organisations,
        users=users,
        directory=directory,
        pcn_codes=np.array(pcn_codes),
        directory_areas=tuple(icb_areas),
    )


def _directory_area(pcn: Organisation) -> str:
    """Where the PCN's people live: the postcode area most of its ICB's directory services are in (the demo's
    services and people are in the same area), else where people registered at its practices live; "" if neither
    says."""
    from django.db.models import Count

    from linkwork.community.models import Service
    from linkwork.people.models import Person

    ranked = (
        Service.objects.filter(organisation__parent_id=pcn.parent_id)
        .exclude(postcode_area="")
        .values("postcode_area")
        .annotate(services=Count("id"))
        .order_by("-services", "postcode_area")
    )
    found = ranked.first()
    if found:
        return found["postcode_area"]
    people = Person.objects.filter(gp_practice__parent=pcn).exclude(postcode="").values_list("postcode", flat=True)
    counts: dict[str, int] = {}
    for postcode in people[:10_000]:
        area = postcode_parts(postcode)[0]
        if area:
            counts[area] = counts.get(area, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else ""


def into_pcn(code: str, seed: int) -> World:
    """The practices and staff of an existing PCN, to add people to it."""
    pcn = Organisation.objects.filter(code=code.strip().upper(), kind=OrganisationKind.PCN).first()
    if pcn is None:
        raise CommandError(f"no PCN has code {code}")
    practices = list(pcn.children.filter(kind=OrganisationKind.PRACTICE).order_by("code"))
    if not practices:
        raise CommandError(f"PCN {pcn.code} has no practices")
    holders = list(User.objects.filter(organisation=pcn, role__in=CASELOAD_ROLES, is_active=True).order_by("email"))
    if not holders:
        raise CommandError(f"PCN {pcn.code} has no link workers, coaches or care coordinators")
    rng = ids.stream(seed, ids.WORLD)
    staff = []
    for practice in practices:
        user = (
            User.objects.filter(organisation=practice, role=Role.PRACTICE_STAFF, is_active=True)
            .order_by("email")
            .first()
        )
        staff.append(user.pk.hex.encode() if user else b"")
    hid, hroles, cum, counts = _holder_arrays([[(u.pk.hex.encode(), u.role) for u in holders]])
    weight = rng.lognormal(0.0, 0.3, len(practices))
    area = _directory_area(pcn) or names.POSTCODE_AREAS[rng.integers(0, len(names.POSTCODE_AREAS))]
    return World(
        pcn_ids=np.array([pcn.pk.hex.encode()], dtype="S32"),
        practice_ids=np.array([p.pk.hex.encode() for p in practices], dtype="S32"),
        practice_pcn=np.zeros(len(practices), dtype=np.int64),
        practice_weight=weight / weight.sum(),
        practice_area=np.array([area] * len(practices)),
        practice_district=rng.integers(1, 30, len(practices)),
        practice_staff=np.array(staff, dtype="S32"),
        holder_ids=hid,
        holder_roles=hroles,
        holder_cum=cum,
        holder_count=counts,
        directory=directories.from_database(pcn.pk.hex.encode()),
        pcn_codes=np.array([pcn.code]),
    )
