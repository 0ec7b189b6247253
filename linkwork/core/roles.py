"""The roles people hold in linkwork (DESIGN: who uses it), and one predicate per role group for the permission
rules every app's `rules.py` writes.

Roles sit at the ground floor because every layer asks about them: the scoped querysets (`for_user`), the services'
checks and the permissions. The user model (accounts) stores one role per user (ADR 0005).
"""

import rules
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


def role_in(*roles: Role, name: str) -> rules.Predicate:
    """A permission predicate: the user is signed in, active, and holds one of `roles`."""

    def check(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return rules.predicate(check, name=name)


holds_caseload = role_in(*CASELOAD_ROLES, name="holds_caseload")
is_link_worker = role_in(Role.LINK_WORKER, name="is_link_worker")
is_supervisor = role_in(*SUPERVISOR_ROLES, name="is_supervisor")
is_pcn_manager = role_in(Role.PCN_MANAGER, name="is_pcn_manager")
is_pcn_member = role_in(*PCN_ROLES, name="is_pcn_member")
is_practice_staff = role_in(Role.PRACTICE_STAFF, name="is_practice_staff")
is_vcse_partner = role_in(Role.VCSE_PARTNER, name="is_vcse_partner")
is_commissioner = role_in(Role.COMMISSIONER, name="is_commissioner")
is_administrator = role_in(Role.ADMIN, name="is_administrator")
