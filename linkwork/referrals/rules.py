import rules

from linkwork.core.roles import holds_caseload, is_pcn_member, is_practice_staff, is_supervisor

rules.add_perm("referrals.receive_referral", holds_caseload | is_supervisor | is_practice_staff)
rules.add_perm("referrals.record_contact", holds_caseload)
rules.add_perm("referrals.discharge", holds_caseload)
rules.add_perm("referrals.view_caseload", is_pcn_member)
rules.add_perm("referrals.reassign", is_supervisor)
rules.add_perm("referrals.view_referrals_made", is_practice_staff)
