"""The quality assurance pages parse what was typed; the quality services check presence and every rule (ADR 0004),
so the fields here are not `required` and one submission lists every problem at once."""

from typing import cast

from django import forms

from linkwork.community.quality import sheets
from linkwork.nhsuk_forms.fields import SplitDateField

YES_NO = [("yes", "Yes"), ("no", "No")]
BOOLEANS = {"yes": True, "no": False}


def _yes_no(label: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, help_text=help_text, required=False, choices=YES_NO, widget=forms.RadioSelect)


def _text(label: str, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=False, strip=False, widget=forms.Textarea(attrs={"rows": rows})
    )


def _name(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"})
    )


def _date(label: str, help_text: str = "For example, 3 11 2026") -> SplitDateField:
    return SplitDateField(label=label, required=False, help_text=help_text)


class AssessmentForm(forms.Form):
    """One prompt sheet: each document received yes or no, each check with notes and supporting evidence, then
    notes, the actions agreed and whether the link worker is confident to connect people."""

    def __init__(self, *args, sheet: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for document in sheet["documents"]:
            self.fields[f"doc_{document['key']}"] = _yes_no(f"{document['label']}: received?")
        for check in sheet["checks"]:
            self.fields[f"check_{check['key']}_notes"] = _text("Notes", check["prompts"])
            self.fields[f"check_{check['key']}_evidence"] = _text("Supporting evidence")
        self.fields["notes"] = _text("Anything else from the conversation", rows=4)
        self.fields["actions_agreed"] = _text(
            "Actions agreed",
            "What the organisation and the PCN agreed to do, and by when. Needed if you are not confident.",
            rows=4,
        )
        self.fields["confident"] = _yes_no(
            "Are you confident to connect people to this organisation?",
            "If not, refer to your PCN line manager and agree actions with the organisation.",
        )
        self.fields["assessed_on"] = _date("Date of the assessment", "Leave blank for today")

    def document_fields(self):
        return [(document, self[f"doc_{document['key']}"]) for document in self.sheet["documents"]]

    def check_fields(self):
        return [
            (check, self[f"check_{check['key']}_notes"], self[f"check_{check['key']}_evidence"])
            for check in self.sheet["checks"]
        ]

    def assessment(self) -> dict:
        data = self.cleaned_data
        return {
            "sheet": self.sheet["key"],
            "documents": {
                document["key"]: BOOLEANS.get(data[f"doc_{document['key']}"]) for document in self.sheet["documents"]
            },
            "checks": {
                check["key"]: {
                    "notes": data[f"check_{check['key']}_notes"],
                    "evidence": data[f"check_{check['key']}_evidence"],
                }
                for check in self.sheet["checks"]
            },
            "notes": data["notes"],
            "actions_agreed": data["actions_agreed"],
            "confident": BOOLEANS.get(data["confident"]),
            "assessed_on": data["assessed_on"],
        }

    def field_map(self) -> dict[str, str]:
        """The service's field names to this form's."""
        found = {f"documents.{d['key']}": f"doc_{d['key']}" for d in self.sheet["documents"]}
        for check in self.sheet["checks"]:
            for part in ("notes", "evidence"):
                found[f"checks.{check['key']}.{part}"] = f"check_{check['key']}_{part}"
        return found


class AgreementForm(forms.Form):
    sheet = forms.ChoiceField(label="Prompt sheet used", required=False, widget=forms.RadioSelect)
    assessment = forms.ChoiceField(
        label="The assessment it follows",
        required=False,
        help_text="Optional: the prompt sheet worked through together before signing",
    )
    pcn_signatory = _name("Signed for the PCN by")
    pcn_signed_on = _date("Date the PCN signed")
    organisation_signatory = _name("Signed for the organisation by")
    organisation_signed_on = _date("Date the organisation signed")

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sheet"]).choices = sheets.sheet_choices()
        titles = dict(sheets.sheet_choices())
        self.assessments = {str(a.pk): a for a in assessments}
        cast(forms.ChoiceField, self.fields["assessment"]).choices = [("", "None")] + [
            (str(a.pk), f"{a.assessed_on.day} {a.assessed_on:%B %Y}: {titles.get(a.sheet, a.sheet)}")
            for a in assessments
        ]


class LeadershipChangeForm(forms.Form):
    changed_on = _date("Date the leadership changed")


class CatchUpForm(forms.Form):
    held_on = _date("Date of the catch-up")
    notes = _text("Notes", "How things are going, capacity, anything to follow up", rows=5)


class ExceptionForm(forms.Form):
    reason = _text("Why link workers may connect people without a current agreement", rows=5)
    expires_on = _date("Until", "Optional: the day the exception ends. For example, 31 1 2027")


def _question(key: str) -> str:
    return sheets.confidence_survey()["questions"][key]["text"]


class ConfidenceSurveyForm(forms.Form):
    """The six questions, worded from data/confidence_survey.yaml."""

    people_connected = forms.IntegerField(
        required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 4})
    )
    coped_well = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    what_would_help = _text("", rows=4)
    volunteers = forms.IntegerField(required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 4}))
    gaps = _text("", rows=4)
    support_needed = _text("", rows=4)
    # Set when the page has already asked for "what would help" once; the second time the answers are sent as they are.
    nudged = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, by_phone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for number, key in enumerate(sheets.confidence_survey()["questions"], start=1):
            self.fields[key].label = f"{number}. {_question(key)}"
        cast(forms.ChoiceField, self.fields["coped_well"]).choices = list(sheets.coped_well_options().items())
        self.fields["people_connected"].error_messages["invalid"] = "Enter a whole number, for example 12"
        self.fields["volunteers"].error_messages["invalid"] = "Enter a whole number, for example 5"
        if by_phone:
            self.fields["answered_on"] = _date("Date the answers were given", "Leave blank for today")

    def questions(self):
        return [self[key] for key in sheets.confidence_survey()["questions"]]

    def answers(self) -> dict:
        return {key: self.cleaned_data[key] for key in sheets.confidence_survey()["questions"]}
