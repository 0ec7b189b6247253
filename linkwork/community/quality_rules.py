"""Who may do what with quality assurance (seed 003 section 9). Imported by the quality pages and API.

Which PCN: the user's own (PCN roles belong to their PCN); which organisation answers a survey on the web: the
VCSE partner's own. Those are checked again by qa_services, whatever the edge.
"""

import rules

from linkwork.core.roles import is_link_worker, is_pcn_manager, is_pcn_member, is_vcse_partner

# Every PCN role works with the menu: reads the quality assurance, works through a prompt sheet, signs the
# agreement to connect on the PCN's behalf, records catch-ups and a change of leadership.
rules.add_perm("community.view_quality_assurance", is_pcn_member)
rules.add_perm("community.record_quality_assurance", is_pcn_member)
# Connecting without a current agreement is the PCN manager's decision (step 4: refer to the line manager).
rules.add_perm("community.grant_agreement_exception", is_pcn_manager)
# Link workers ring round; PCN managers may too.
rules.add_perm("community.take_confidence_survey", is_link_worker | is_pcn_manager)
# A VCSE partner answers for their own organisation.
rules.add_perm("community.answer_confidence_survey", is_vcse_partner)
