import rules

from linkwork.core.roles import holds_caseload

# Only the practitioners who hold a caseload ask the questions and record the answers. Who may see the
# answers is MeasureResponse.objects.for_user (PCN roles, their PCN's episodes) behind the person page.
rules.add_perm("measures.record_measure", holds_caseload)
