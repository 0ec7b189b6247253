"""Building the directory of some ICBs: provider organisations, a VCSE partner user each, their services, and
(through statements and quality) capacity, quality assurance and confidence surveys."""

import numpy as np

from linkwork.core.roles import Role
from linkwork.geography.policy.postcodes import postcode_parts
from linkwork.synthetic import distributions as dist
from linkwork.synthetic import ids, names, postcodes
from linkwork.synthetic.clock import Clock
from linkwork.synthetic.directory.arrays import CATEGORY_KEYS, EMAIL_DOMAIN, KINDS, Directory, Pcn, Provider, choice
from linkwork.synthetic.directory.catalogue import (
    HOW_TO_REFER,
    KIND_CATEGORIES,
    LOCATIONS,
    ORGANISATION_FORMS,
    SERVICE_FORMS,
)
from linkwork.synthetic.directory.quality import pairs_working_together, quality_assurance
from linkwork.synthetic.directory.statements import capacity_statements, confidence_surveys
from linkwork.synthetic.directory.working_days import moments


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:40] or "group"


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
        # What the service offers; who runs it is the organisation's name, shown beside it (and searched at the
        # lowest weight: community.search_index), not repeated here.
        texts["description"].append(description)
        texts["eligibility"].append(eligibility.format(place=place))
        texts["cost"].append(cost)
        texts["schedule"].append(schedule)
        location = f"{place} {LOCATIONS[rng.integers(0, len(LOCATIONS))]}"
        texts["location_name"].append(location)
        texts["address"].append(f"{rng.integers(1, 200)} {names.STREETS[rng.integers(0, len(names.STREETS))]}, {place}")
        texts["postcode"].append(postcodes.service_postcode(rng, icb_areas[org_icb[o]]))
        texts["contact_name"].append(str(contacts[s]))
        texts["contact_phone"].append(f"0113 496 0{rng.integers(0, 1000):03d}")
        slug = _slug(org_names[o])
        texts["contact_email"].append(f"hello@{slug}.example.org")
        texts["website"].append(f"https://{slug}.example.org")
        texts["how_to_refer"].append(HOW_TO_REFER[rng.integers(0, len(HOW_TO_REFER))])
    svc_made = moments(clock, np.full(n_svc, clock.first_day - 300) + rng.integers(0, 200, n_svc), rng)
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

    _place_columns(service_rows)

    capacity = capacity_statements(rng, uid, clock, n_org, org_ids, org_partner)
    pairs = pairs_working_together(rng, pcns, org_icb, demand, works_with_others)
    qa = quality_assurance(rng, uid, clock, pcns, pairs, org_ids, org_kind, people)
    surveys = confidence_surveys(rng, uid, clock, org_ids, org_partner, org_icb, demand, pcns)

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


def _place_columns(rows: dict) -> None:
    """The columns Service.save keeps in step with the postcode: its area and district (place search) and its
    coordinates (distance search), here from the synthetic postcode directory the run loads."""
    parts = [postcode_parts(p) for p in rows["postcode"].tolist()]
    rows["postcode_area"] = np.array([a for a, _ in parts], dtype=str)
    rows["postcode_district"] = np.array([d for _, d in parts], dtype=str)
    rows["latitude"], rows["longitude"] = postcodes.coordinates(rows["postcode"].tolist())
