"""The plan's pages parse what was typed; plans.services checks presence and every rule (ADR 0004), so the
fields here are not `required` and one submission lists every problem at once."""

from django import forms

from linkwork.nhsuk_forms.fields import SplitDateField
from linkwork.plans.sections import PART_ONE_FIELDS, PART_TWO_FIELDS, SECTION_BY_KEY
from linkwork.plans.vocabularies import GOAL_PROGRESS, PERMISSION_ANSWERS


def _section_field(key: str, rows: int = 4) -> forms.CharField:
    """A textarea for one section, titled and prompted from the plan's data file."""
    section = SECTION_BY_KEY[key]
    return forms.CharField(
        label=f"{section.number}. {section.title}",
        help_text=section.prompt,
        required=False,
        strip=False,  # the person's words exactly as written; the service trims only the ends
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _answer(key: str) -> forms.ChoiceField:
    section = SECTION_BY_KEY[key]
    return forms.ChoiceField(
        label=f"{section.number}. {section.title}?",
        help_text=section.prompt,
        required=False,
        choices=PERMISSION_ANSWERS.choices(),
        widget=forms.RadioSelect,
    )


class PlanForm(forms.Form):
    """Part one, made together at the start (goals are added one at a time on their own page)."""

    what_matters = _section_field("what_matters", rows=6)
    how_to_support = _section_field("how_to_support")
    health_conditions = _section_field("health_conditions", rows=3)
    support = _section_field("support")
    self_support = _section_field("self_support")
    review_on = SplitDateField(
        label=f"{SECTION_BY_KEY['review'].number}. {SECTION_BY_KEY['review'].title}",
        required=False,
        help_text="The date you agreed to look at the plan together again. For example, 15 3 2027",
    )
    review_note = forms.CharField(
        label="Anything to remember for the review",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def plan_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in PART_ONE_FIELDS}


class PartTwoForm(forms.Form):
    """Part two, after about six months."""

    changes = _section_field("changes", rows=6)
    share_story = _answer("share_story")
    satisfaction_survey = _answer("satisfaction_survey")
    evaluation = _answer("evaluation")

    def plan_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in PART_TWO_FIELDS}


class GoalForm(forms.Form):
    description = forms.CharField(
        label="The goal, in the person's own words",
        help_text=SECTION_BY_KEY["goals"].prompt,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    progress = forms.ChoiceField(
        label="How it is going",
        required=False,
        choices=GOAL_PROGRESS.choices(),
        initial="not_started",
        widget=forms.RadioSelect,
    )
    progress_on = SplitDateField(label="As of", required=False, help_text="Leave blank for today")


class GoalProgressForm(forms.Form):
    progress = forms.ChoiceField(
        label="How it is going now", required=False, choices=GOAL_PROGRESS.choices(), widget=forms.RadioSelect
    )
    progress_on = SplitDateField(label="As of", required=False, help_text="Leave blank for today")
