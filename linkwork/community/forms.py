"""The directory's pages parse what was typed; community.services and community.search check every rule, so the
fields here are not `required` and one submission lists every problem at once."""

import uuid
from dataclasses import replace

from django import forms

from linkwork.community.search import DEFAULT_WITHIN_MILES, WITHIN_CHOICES_MILES, Search
from linkwork.community.vocabularies import CAPACITY_STATUSES, SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.geography.policy.postcodes import is_full_postcode
from linkwork.nhsuk_forms.fields import SplitDateField

ANY_CATEGORY = [("", "Any category"), *SERVICE_CATEGORIES.choices()]
WITHIN = [(f"{m:g}", "1 mile" if m == 1 else f"{m:g} miles") for m in WITHIN_CHOICES_MILES]


def _text(label: str, help_text: str = "", width: int | None = None, **attrs) -> forms.CharField:
    widget_attrs = {**attrs, **({"width": width} if width else {})}
    return forms.CharField(label=label, help_text=help_text, required=False, widget=forms.TextInput(widget_attrs))


def _long_text(label: str, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


class PublicSearchForm(forms.Form):
    q = _text("Search by words", "For example walking, choir, debt or men's group", spellcheck="true")
    category = forms.ChoiceField(label="Kind of support", required=False, choices=ANY_CATEGORY)
    place = _text(
        "Postcode or area",
        "A full postcode finds services near it, nearest first; LS1 or LS finds services in that area",
        width=10,
        autocomplete="postal-code",
    )
    within = forms.ChoiceField(
        label="Distance from a full postcode", required=False, choices=WITHIN, initial=f"{DEFAULT_WITHIN_MILES:g}"
    )

    def __init__(self, data=None, *args, **kwargs):
        # The distance shown chosen is the one searched, also before anyone has chosen.
        if data is not None and not data.get("within"):
            data = data.copy()
            data["within"] = f"{DEFAULT_WITHIN_MILES:g}"
        super().__init__(data, *args, **kwargs)

    def search(self) -> Search:
        """A full postcode in the place box means "near it" (by distance); an area, district or sector means "in
        it"."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        place = data.get("place", "")
        within = float(data.get("within") or DEFAULT_WITHIN_MILES)
        if is_full_postcode(place):
            return Search(words=data.get("q", ""), category=data.get("category", ""), near=place, within=within)
        return Search(words=data.get("q", ""), category=data.get("category", ""), place=place)


class DirectorySearchForm(PublicSearchForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Running or temporarily closed"), *SERVICE_STATUSES.choices()],
    )
    # Set by the "other services from this organisation" link; kept by the form as a hidden field.
    organisation = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_organisation(self) -> uuid.UUID | None:
        # A mangled link shows every organisation's services rather than an error about a field no one can see.
        try:
            return uuid.UUID(self.cleaned_data["organisation"])
        except ValueError:
            return None

    def search(self) -> Search:
        found = super().search()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return replace(found, status=data.get("status", ""), organisation_id=data.get("organisation"))


class MenuForm(forms.Form):
    category = forms.MultipleChoiceField(
        label="Kinds of support to include",
        help_text="Leave all unticked for every kind",
        required=False,
        choices=SERVICE_CATEGORIES.choices(),
        widget=forms.CheckboxSelectMultiple,
    )
    place = _text("Postcode or area", "For example LS1, to print a menu for one neighbourhood", width=10)


class ServiceForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation", required=False)
    name = _text("Name of the service", "As people know it, for example Knit and natter")
    category = forms.ChoiceField(
        label="Kind of support", required=False, choices=[("", "Choose a kind"), *SERVICE_CATEGORIES.choices()]
    )
    status = forms.ChoiceField(
        label="Is it running?", required=False, choices=SERVICE_STATUSES.choices(), widget=forms.RadioSelect
    )
    description = _long_text("What it offers", rows=4)
    eligibility = _long_text("Who it is for", "For example adults over 50, carers, anyone")
    cost = _text("Cost", "For example Free, or £2 a session")
    schedule = _long_text("When it runs", "For example Tuesdays 10am to 12 noon")
    location_name = _text("Where it meets", "For example St Mary's church hall")
    address = _text("Address")
    postcode = _text("Postcode", width=10, autocomplete="postal-code")
    contact_name = _text("Contact name")
    contact_phone = _text("Contact phone", width=20, autocomplete="tel", inputmode="tel")
    contact_email = _text("Contact email", autocomplete="email", spellcheck="false")
    website = _text("Website", "Starting https://", spellcheck="false")
    how_to_refer = _long_text("How to refer or join", "For example ring first, or just turn up")
    public = forms.BooleanField(
        label="List this service in the public directory (the organisation agrees)",
        required=False,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        """`organisations`: the provider organisations the user may choose from, or None when the service's
        organisation is fixed (a change, or a VCSE partner's own)."""
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [("", "Choose an organisation")] + [
                (str(o.pk), o.name) for o in organisations
            ]
        self.fields["contact_email"].widget.input_type = "email"
        self.fields["website"].widget.input_type = "url"

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "organisation"}


class CapacityForm(forms.Form):
    status = forms.ChoiceField(
        label="Can the organisation take more people?",
        required=False,
        choices=CAPACITY_STATUSES.choices(),
        widget=forms.RadioSelect,
    )
    typical_wait_days = forms.IntegerField(
        label="Typical wait, in days",
        help_text="Needed for a waiting list",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 4}),
        error_messages={"invalid": "Enter the typical wait as a whole number of days"},
    )
    stated_on = SplitDateField(label="When they said so", required=False, help_text="Leave blank for today")
