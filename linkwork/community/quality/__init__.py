"""Quality assurance of the organisations link workers connect people to (seed 003 section 9, Appendix 5, section 12):
prompt sheets worked through, agreements to connect, changes of leadership, catch-ups, exceptions and confidence
surveys. Kinds as in every app: `policy` (pure rules), `sheets` (the data files), `services` and `survey_services`
(writes), `presenters` (the read side), `forms`, `views`, `api`; the permissions are in community/rules.py.
"""

# linkwork/synthetic/directory.py (being split by its owner) reads these three as `quality.<name>`; they are the
# prompt sheets' facts, which live in `sheets`. Import them from there in new code.
from linkwork.community.quality.sheets import DISAGREEING, prompt_sheets, suggested_sheet

__all__ = ["DISAGREEING", "prompt_sheets", "suggested_sheet"]
