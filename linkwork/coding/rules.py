import rules

from linkwork.core.roles import is_practice_staff

rules.add_perm("coding.view_worklist", is_practice_staff)
rules.add_perm("coding.mark_entered", is_practice_staff)
