"""Who may do what with activity not about one person. Which records: Activity.objects.for_user (one's own; for GP
supervisors and PCN managers, their PCN's)."""

import rules

from linkwork.core.roles import holds_caseload, is_pcn_member, is_supervisor

# The practitioners who hold a caseload record their own time; supervisors see their PCN's (supervision, the
# time-spent figures).
rules.add_perm("activities.record_activity", holds_caseload)
rules.add_perm("activities.view_activity", is_pcn_member)
rules.add_perm("activities.view_pcn_activity", is_supervisor)
