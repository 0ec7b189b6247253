import rules

from linkwork.core.roles import holds_caseload, is_pcn_member, is_practice_staff, is_supervisor

rules.add_perm("people.register_person", holds_caseload | is_supervisor | is_practice_staff)
# Which people: Person.objects.for_user.
rules.add_perm("people.view_person", is_pcn_member)
