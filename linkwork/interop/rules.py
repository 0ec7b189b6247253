"""Who may exchange the community directory as Open Referral UK.

Reading an export needs no rule of its own: it follows community.view_whole_directory (PCN roles) and the
public directory (which anyone may see). Importing writes services for many organisations at once, so it is for
PCN managers, who keep the PCN's menu; each write then goes through community.services, which applies
community.change_service too.
"""

import rules

from linkwork.core.roles import is_pcn_manager

rules.add_perm("interop.import_directory", is_pcn_manager)
