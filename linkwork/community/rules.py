"""Who may do what with the community directory (DESIGN: who uses it).

The directory holds no one's personal data, but a VCSE partner reaches nothing in linkwork beyond its own work:
every PCN role reads the whole directory, a VCSE partner its own organisation's entries (and, like anyone, the
public directory); practice staff and commissioners have no use for it. PCN managers and link workers keep the
"menu" up to date for any provider organisation; a VCSE partner keeps only its own organisation's entries and
capacity current. Object permissions take the provider `Organisation` the change is for (None: "for some
organisation", e.g. to show an "Add" link).
"""

import rules

from linkwork.core.roles import Role, is_administrator, is_link_worker, is_pcn_member, is_vcse_partner, role_in

keeps_the_menu = role_in(Role.PCN_MANAGER, Role.LINK_WORKER, name="keeps_the_menu")


@rules.predicate
def is_own_organisation(user, organisation) -> bool:
    """The organisation is the user's own (or none is named yet)."""
    return organisation is None or organisation.pk == user.organisation_id


rules.add_perm("community.view_directory", is_pcn_member | is_vcse_partner)
rules.add_perm("community.view_whole_directory", is_pcn_member)
rules.add_perm("community.view_menu", keeps_the_menu)
rules.add_perm("community.change_service", keeps_the_menu | (is_vcse_partner & is_own_organisation))
# Seed 004: capacity must be checked with groups regularly; a partner states its own, a link worker records what a
# group said on the phone.
rules.add_perm("community.state_capacity", is_link_worker | (is_vcse_partner & is_own_organisation))
rules.add_perm("community.add_provider_organisation", keeps_the_menu | is_administrator)

# Quality assurance, agreements to connect and the confidence survey have their own module.
from linkwork.community import quality_rules  # noqa: E402, F401
