"""The public self-referral form: the person's details, what they would like help with, how to contact them,
their consent, and two traps for automated submissions (a honeypot field and a signed start time)."""

import time
from typing import cast

from django import forms
from django.core import signing

from linkwork.nhsuk_forms.fields import SplitDateField
from linkwork.people.services import PersonDetails
from linkwork.people.vocabularies import SEX
from linkwork.referrals.self_referral import MAX_ANYTHING_ELSE, SelfReferral
from linkwork.referrals.vocabularies import REFERRAL_REASONS

STARTED_SALT = "linkwork.referrals.self_referral.started"
HONEYPOT = "website"
# A page left open longer than this is sent back with a fresh start time (nothing is lost).
STARTED_MAX_AGE = 24 * 60 * 60

# The services speak about "the person"; this form speaks to them. Keyed by (field, rule); anything not
# here is shown as the service words it.
PUBLIC_MESSAGES = {
    ("nhs_number", "required"): (
        "Enter your NHS number. You can find it on a letter from your GP practice or in the NHS App"
    ),
    ("nhs_number", "format"): "Enter your NHS number as 10 digits, like 485 777 3456",
    ("nhs_number", "modulus_11"): "Check your NHS number: this is not a valid NHS number",
    ("nhs_number", "issued_range"): "Check your NHS number: this is not a valid NHS number",
    ("given_name", "required"): "Enter your first name",
    ("family_name", "required"): "Enter your last name",
    ("birth_date", "required"): "Enter your date of birth",
    ("birth_date", "not_in_future"): "Your date of birth must be in the past",
    ("sex", "required"): "Select your sex",
    ("postcode", "required"): "Enter your postcode",
    ("postcode", "format"): "Enter a real postcode, like LS1 4AP",
    ("gp_practice", "required"): "Select your GP practice",
    ("gp_practice", "within_reach"): "Select your GP practice from the list",
    ("reasons", "required"): "Select what you would like help with",
    ("reasons", "choice"): "Select what you would like help with from the list",
}
# Service field names to this form's fields ("contact" is either way of being contacted: the phone box).
FIELD_MAP = {"contact": "phone", "context": "anything_else"}


def sign_started(at: float | None = None) -> str:
    """The value of the hidden start-time field: when the form was shown, signed so it cannot be forged."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=STARTED_SALT, compress=True)


def seconds_since_started(value: str) -> float | None:
    """How long ago the form was shown, or None if the value is missing, forged or too old."""
    try:
        payload = signing.loads(value or "", salt=STARTED_SALT, max_age=STARTED_MAX_AGE)
        seconds = time.time() - float(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return seconds if 0 <= seconds <= STARTED_MAX_AGE else None


class SelfReferralForm(forms.Form):
    """Parses the page; `receive_self_referral` checks presence and every rule, so one submission lists every
    problem at once (fields are therefore not `required` here)."""

    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        help_text=(
            "This is a 10 digit number, like 485 777 3456. You can find it on a letter from your GP practice "
            "or in the NHS App."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 10, "spellcheck": False}),
    )
    given_name = forms.CharField(
        label="First name", required=False, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    family_name = forms.CharField(
        label="Last name", required=False, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    birth_date = SplitDateField(label="Date of birth", required=False, help_text="For example, 27 3 1958")
    sex = forms.ChoiceField(
        label="Sex", required=False, choices=SEX.choices(), widget=forms.RadioSelect, help_text="As your GP has it"
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        widget=forms.TextInput(attrs={"width": 10, "autocomplete": "postal-code"}),
    )
    gp_practice = forms.ChoiceField(label="Your GP practice", required=False)
    reasons = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=REFERRAL_REASONS.choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "width": 20}),
    )
    email = forms.CharField(
        label="Email address",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": False}),
    )
    anything_else = forms.CharField(
        label="Is there anything else you would like us to know?",
        required=False,
        max_length=MAX_ANYTHING_ELSE,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example, the best time to call you, or if you need an interpreter. Optional.",
        error_messages={"max_length": f"Anything else must be {MAX_ANYTHING_ELSE:,} characters or fewer"},
    )
    consent = forms.BooleanField(
        label=(
            "I agree to a link worker from my GP practice's team using these details to contact me and to support me"
        ),
        required=False,
    )
    # Traps for automated submissions, drawn by hand in the template (not with form_field).
    website = forms.CharField(label="Leave this field empty", required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, practices=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["gp_practice"]).choices = [("", "Select your GP practice")] + [
            (p.code, p.name) for p in practices
        ]
        if not self.is_bound:
            self.initial["started"] = sign_started()

    def honeypot_filled(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())

    def seconds_taken(self) -> float | None:
        return seconds_since_started(self.data.get("started", ""))

    def submission(self) -> SelfReferral:
        d = self.cleaned_data
        return SelfReferral(
            person=PersonDetails(
                nhs_number=d["nhs_number"],
                given_name=d["given_name"],
                family_name=d["family_name"],
                birth_date=d["birth_date"],
                sex=d["sex"],
                postcode=d["postcode"],
                gp_practice=d["gp_practice"],
            ),
            reasons=d["reasons"],
            phone=d["phone"],
            email=d["email"],
            anything_else=d["anything_else"],
            consent=d["consent"],
        )
