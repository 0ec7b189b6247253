import rules

from linkwork.core.roles import is_administrator

rules.add_perm("core.view_audit", is_administrator)
