import rules

from linkwork.accounts.rules import is_administrator

rules.add_perm("core.view_audit", is_administrator)
