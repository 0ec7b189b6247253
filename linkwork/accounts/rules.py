"""Role predicates, shared by every app's permission rules (each app's rules.py names its own perms)."""

import rules

from linkwork.accounts.roles import CASELOAD_ROLES, PCN_ROLES, SUPERVISOR_ROLES, Role


def _role_in(roles):
    def check(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return check


holds_caseload = rules.predicate(_role_in(CASELOAD_ROLES), name="holds_caseload")
is_link_worker = rules.predicate(_role_in({Role.LINK_WORKER}), name="is_link_worker")
is_supervisor = rules.predicate(_role_in(SUPERVISOR_ROLES), name="is_supervisor")
is_pcn_member = rules.predicate(_role_in(PCN_ROLES), name="is_pcn_member")
is_practice_staff = rules.predicate(_role_in({Role.PRACTICE_STAFF}), name="is_practice_staff")
is_vcse_partner = rules.predicate(_role_in({Role.VCSE_PARTNER}), name="is_vcse_partner")
is_commissioner = rules.predicate(_role_in({Role.COMMISSIONER}), name="is_commissioner")
is_administrator = rules.predicate(_role_in({Role.ADMIN}), name="is_administrator")
