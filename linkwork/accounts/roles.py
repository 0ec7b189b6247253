"""Which kind of organisation a user of each role may belong to (ADR 0005: one role at one organisation).

The roles themselves live in linkwork.core.roles: every layer asks about them.
"""

from linkwork.core.roles import PCN_ROLES, Role

# None: any. A VCSE partner works for any organisation people are connected to: a VCSE organisation, a community
# group or a statutory service.
ORGANISATION_KINDS_FOR_ROLE: dict[Role, tuple[str, ...] | None] = {
    **dict.fromkeys(PCN_ROLES, ("pcn",)),
    Role.PRACTICE_STAFF: ("practice",),
    Role.VCSE_PARTNER: ("vcse", "community_group", "statutory"),
    Role.COMMISSIONER: ("icb",),
    Role.ADMIN: None,
}
