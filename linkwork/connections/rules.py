"""Who may do what with onward connections. Which connections: Connection.objects.for_user (their PCN's, or
those sent to their organisation for a VCSE partner)."""

import rules

from linkwork.core.roles import holds_caseload, is_pcn_member, is_vcse_partner

# Practitioners with a caseload connect people to services; the whole PCN team follows connections up.
rules.add_perm("connections.make_connection", holds_caseload)
rules.add_perm("connections.view_follow_up", is_pcn_member)
rules.add_perm("connections.view_connection", is_pcn_member | is_vcse_partner)
# Both sides of the closed loop move a connection on (connection_policy says which statuses each may set).
rules.add_perm("connections.change_connection", holds_caseload | is_vcse_partner)
# The VCSE partner portal: only connections sent to their own organisation.
rules.add_perm("connections.use_partner_portal", is_vcse_partner)
