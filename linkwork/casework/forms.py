"""The caseload's filters and the reassignment of episodes for cover (the forms of the casework pages)."""

from django import forms

from linkwork.referrals.models import Urgency
from linkwork.referrals.vocabularies import REFERRAL_REASONS


class CaseloadFilterForm(forms.Form):
    who = forms.ChoiceField(label="Whose caseload", required=False)
    urgency = forms.ChoiceField(label="Urgency", required=False, choices=[("", "Any"), *Urgency.choices])
    practice = forms.ChoiceField(label="GP practice", required=False)
    reason = forms.ChoiceField(
        label="Reason for referral", required=False, choices=[("", "Any"), *REFERRAL_REASONS.choices()]
    )
    q = forms.CharField(label="Name or NHS number", required=False)

    def __init__(self, *args, practitioners=(), practices=(), supervisor=False, **kwargs):
        super().__init__(*args, **kwargs)
        who = [] if supervisor else [("mine", "Mine (and unassigned referrals waiting)")]
        who += [("all", "Everyone in the PCN"), ("unassigned", "Unassigned")]
        who += [(str(u.pk), f"{u.full_name} ({u.role_label})") for u in practitioners]
        self.fields["who"].choices = who
        self.fields["practice"].choices = [("", "Any")] + [(p.code, p.name) for p in practices]


class ReassignForm(forms.Form):
    to = forms.ChoiceField(label="Reassign to")
    referrals = forms.MultipleChoiceField(label="Referrals", required=False)
    from_practitioner = forms.ChoiceField(label="Or move every open referral from", required=False)

    def __init__(self, *args, practitioners=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(u.pk), f"{u.full_name} ({u.role_label})") for u in practitioners]
        self.fields["to"].choices = [("", "Choose a practitioner"), *choices]
        self.fields["from_practitioner"].choices = [("", "No one"), *choices]
        # Referral ids are checked against the user's scope by the view; any UUID-shaped value is accepted here.
        self.fields["referrals"].valid_value = lambda value: True
