"""The roles people hold in linkwork, and which kind of organisation each role belongs to (DESIGN: who uses it)."""

from django.db import models


class Role(models.TextChoices):
    LINK_WORKER = "link_worker", "Link worker"
    HEALTH_AND_WELLBEING_COACH = "health_and_wellbeing_coach", "Health and wellbeing coach"
    CARE_COORDINATOR = "care_coordinator", "Care coordinator"
    GP_SUPERVISOR = "gp_supervisor", "GP supervisor"
    PCN_MANAGER = "pcn_manager", "PCN manager"
    PRACTICE_STAFF = "practice_staff", "Practice staff"
    VCSE_PARTNER = "vcse_partner", "VCSE partner"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMIN = "admin", "Administrator"


# The personalised care roles that hold a caseload and record contacts. Only link workers' activity is
# social prescribing for coding purposes (seed 000); the other two use their own role-specific codes.
CASELOAD_ROLES = frozenset({Role.LINK_WORKER, Role.HEALTH_AND_WELLBEING_COACH, Role.CARE_COORDINATOR})
SUPERVISOR_ROLES = frozenset({Role.GP_SUPERVISOR, Role.PCN_MANAGER})
PCN_ROLES = CASELOAD_ROLES | SUPERVISOR_ROLES

# Which kinds of organisation a user of each role may belong to (None: any). A VCSE partner works for any
# organisation people are connected to: a VCSE organisation, a community group or a statutory service.
ORGANISATION_KINDS_FOR_ROLE: dict[Role, tuple[str, ...] | None] = {
    **dict.fromkeys(PCN_ROLES, ("pcn",)),
    Role.PRACTICE_STAFF: ("practice",),
    Role.VCSE_PARTNER: ("vcse", "community_group", "statutory"),
    Role.COMMISSIONER: ("icb",),
    Role.ADMIN: None,
}
