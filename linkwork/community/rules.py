"""Who may do what with the community directory and its quality assurance (DESIGN: who uses it; seed 003 section 9).

The directory holds no one's personal data, but a VCSE partner reaches nothing in linkwork beyond its own work:
every PCN role reads the whole directory, a VCSE partner its own organisation's entries (and, like anyone, the
public directory); practice staff and commissioners have no use for it. PCN managers and link workers keep the
"menu" up to date for any provider organisation; a VCSE partner keeps only its own organisation's entries and
capacity current. Object permissions take the provider `Organisation` the change is for (None: "for some
organisation", e.g. to show an "Add" link).
"""

import rules

from linkwork.core.roles import (
    Role,
    is_administrator,
    is_link_worker,
    is_pcn_manager,
    is_pcn_member,
    is_vcse_partner,
    role_in,
)

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

# Quality assurance (community.quality). Which PCN: the user's own (PCN roles belong to their PCN); which organisation
# answers a survey on the web: the VCSE partner's own. Those are checked again by the quality services, whatever the
# edge. Every PCN role works with the menu: reads the quality assurance, works through a prompt sheet, signs the
# agreement to connect on the PCN's behalf, records catch-ups and a change of leadership.
rules.add_perm("community.view_quality_assurance", is_pcn_member)
rules.add_perm("community.record_quality_assurance", is_pcn_member)
# Connecting without a current agreement is the PCN manager's decision (step 4: refer to the line manager).
rules.add_perm("community.grant_agreement_exception", is_pcn_manager)
# Link workers ring round; PCN managers may too.
rules.add_perm("community.take_confidence_survey", is_link_worker | is_pcn_manager)
# A VCSE partner answers for their own organisation.
rules.add_perm("community.answer_confidence_survey", is_vcse_partner)
