"""The directory as stored, for adding people to one PCN."""

import numpy as np

from linkwork.core.roles import Role
from linkwork.synthetic.clock import day_number
from linkwork.synthetic.directory.arrays import CAPACITY, CATEGORY_KEYS, Directory


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
