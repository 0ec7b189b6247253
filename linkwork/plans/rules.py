"""Who may do what with care plans. Which plans: CarePlan.objects.for_user (their PCN's episodes)."""

import rules

from linkwork.core.roles import holds_caseload, is_pcn_member

# Link workers, coaches and care coordinators write plans with people; GP supervisors and PCN managers read
# them (supervision, cover) and may print the person's copy.
rules.add_perm("plans.view_care_plan", is_pcn_member)
rules.add_perm("plans.export_care_plan", is_pcn_member)
rules.add_perm("plans.change_care_plan", holds_caseload)
