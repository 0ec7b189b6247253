from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone

from linkwork.nhsuk_forms.fields import SplitDateField
from linkwork.people.services import PersonDetails
from linkwork.people.vocabularies import SEX
from linkwork.referrals.models import ContactOutcome, Urgency
from linkwork.referrals.services import ContactDetails, ReferralDetails
from linkwork.referrals.vocabularies import (
    CONTACT_MODES,
    CONTACT_PURPOSES,
    DISCHARGE_REASONS,
    REFERRAL_CRITERIA,
    REFERRAL_REASONS,
    REFERRER_TYPES,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class FindPersonForm(forms.Form):
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        help_text="For example, 485 777 3456",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 10, "spellcheck": False}),
    )


class ReferralForm(forms.Form):
    """Parses the page's fields; the referral service checks presence and every rule, so one submission lists
    every problem at once (fields are therefore not `required` here)."""

    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        help_text="10 digits, for example 485 777 3456",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 10, "spellcheck": False}),
    )
    given_name = forms.CharField(
        label="First name", required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    family_name = forms.CharField(
        label="Last name", required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    birth_date = SplitDateField(label="Date of birth", required=False, help_text="For example, 27 3 1958")
    sex = forms.ChoiceField(label="Sex", required=False, choices=SEX.choices(), widget=forms.RadioSelect)
    postcode = forms.CharField(
        label="Postcode", required=False, widget=forms.TextInput(attrs={"width": 10, "autocomplete": "off"})
    )
    gp_practice = forms.ChoiceField(label="GP practice", required=False)
    # Today unless changed: most referrals are entered the day they arrive (issue 8).
    received_on = SplitDateField(label="Date the referral was received", required=False, initial=timezone.localdate)
    referrer_type = forms.ChoiceField(
        label="Who referred", required=False, choices=[("", "Choose who referred"), *REFERRER_TYPES.choices()]
    )
    referrer_detail = forms.CharField(
        label="Referrer's name, role or organisation",
        required=False,
        help_text="Needed when the referrer is 'Other'",
    )
    reasons = forms.MultipleChoiceField(
        label="Reasons for referral",
        choices=REFERRAL_REASONS.choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that apply",
    )
    criteria = forms.MultipleChoiceField(
        label="Referral criteria",
        choices=REFERRAL_CRITERIA.choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="For the Common Outcomes Framework. Choose all that apply",
    )
    urgency = forms.ChoiceField(
        label="Urgency", choices=Urgency.choices, initial=Urgency.ROUTINE, widget=forms.RadioSelect
    )
    context = forms.CharField(
        label="What the referrer told you",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Context from the referrer, in their words",
    )

    def __init__(self, *args, practices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gp_practice"].choices = [("", "Choose a practice")] + [
            (p.code, f"{p.name} ({p.code})") for p in practices
        ]

    def person_details(self) -> PersonDetails:
        d = self.cleaned_data
        return PersonDetails(
            nhs_number=d["nhs_number"],
            given_name=d["given_name"],
            family_name=d["family_name"],
            birth_date=d["birth_date"],
            sex=d["sex"],
            postcode=d["postcode"],
            gp_practice=d["gp_practice"],
        )

    def referral_details(self) -> ReferralDetails:
        d = self.cleaned_data
        return ReferralDetails(
            received_on=d["received_on"],
            referrer_type=d["referrer_type"],
            referrer_detail=d["referrer_detail"],
            reasons=d["reasons"],
            criteria=d["criteria"],
            urgency=d["urgency"],
            context=d["context"],
        )


# Field names the services use, mapped to this form's fields.
REFERRAL_FORM_FIELDS = {f"person.{name}": name for name in PersonDetails.__dataclass_fields__}


class ContactForm(forms.Form):
    """Parses the page's fields; the referrals service checks presence and every rule (see ReferralForm)."""

    occurred_on = SplitDateField(label="Date of the contact", required=False, initial=timezone.localdate)
    occurred_time = forms.TimeField(
        label="Time",
        required=False,
        help_text="24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TextInput(attrs={"width": 5}),
    )
    mode = forms.ChoiceField(label="How", required=False, choices=CONTACT_MODES.choices(), widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(
        label="Duration in minutes", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3})
    )
    reached = forms.ChoiceField(
        label="Did you reach the person?", required=False, choices=YES_NO, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label="Outcome of the conversation", required=False, choices=ContactOutcome.choices, widget=forms.RadioSelect
    )
    purpose = forms.ChoiceField(
        label="What the contact was for",
        required=False,
        choices=CONTACT_PURPOSES.choices(),
        initial="social_prescribing",
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def contact_details(self) -> ContactDetails:
        d = self.cleaned_data
        occurred_at = None
        if d.get("occurred_on") and d.get("occurred_time"):
            occurred_at = datetime.combine(d["occurred_on"], d["occurred_time"], tzinfo=ZoneInfo(settings.TIME_ZONE))
        return ContactDetails(
            occurred_at=occurred_at,
            mode=d["mode"],
            duration_minutes=d["duration_minutes"],
            reached={"yes": True, "no": False}.get(d["reached"]),
            outcome=d["outcome"],
            purpose=d["purpose"] or "social_prescribing",
            note=d["note"],
        )


CONTACT_FORM_FIELDS = {"occurred_at": "occurred_on", "status": None}


class DischargeForm(forms.Form):
    discharged_on = SplitDateField(label="Date of discharge", required=False, initial=timezone.localdate)
    reason = forms.ChoiceField(
        label="Reason", required=False, choices=DISCHARGE_REASONS.choices(), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the reason is 'Other'",
    )
