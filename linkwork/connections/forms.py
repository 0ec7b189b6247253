"""The connection pages parse what was typed; connections.services checks every rule (ADR 0004), so fields here
are not `required` and one submission lists every problem at once."""

from collections.abc import Sequence

from django import forms

from linkwork.community.models import Service
from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.connections.directory import ServiceChoice
from linkwork.connections.services import ConnectionItem
from linkwork.connections.vocabularies import CONNECTION_KINDS, ENGAGEMENT, SHAREABLE_FIELDS
from linkwork.nhsuk_forms.fields import SplitDateField

ROW_FIELDS = ("kind", "reason", "shared_fields", "contact_details", "consent")
CLOSED_FIELD = "send_when_closed"


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Search the directory", required=False, help_text="A name, an organisation or a word")
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "Any category"), *SERVICE_CATEGORIES.choices()]
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Name or NHS number", required=False, max_length=100)


def row_name(i: int, name: str) -> str:
    return f"s{i}_{name}"


class ConnectForm(forms.Form):
    """One set of fields per chosen service (s0_kind, s0_reason, ...), so one page connects to several at once.

    `chosen` are connections.directory.ServiceChoice, in the order the page shows them (by category). A service
    whose organisation is taking no one gets one more field: the link worker confirms sending anyway."""

    def __init__(self, chosen: Sequence[ServiceChoice], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen = list(chosen)
        for i, choice in enumerate(self.chosen):
            label = choice.label
            self.fields[row_name(i, "kind")] = forms.ChoiceField(
                label="Kind of connection",
                required=False,
                choices=[(t.key, t.label) for t in CONNECTION_KINDS],
                widget=forms.RadioSelect,
            )
            self.fields[row_name(i, "reason")] = forms.CharField(
                label=f"Why the person is being connected to {label}",
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[row_name(i, "shared_fields")] = forms.MultipleChoiceField(
                label="What the person agreed to share with the service",
                required=False,
                choices=SHAREABLE_FIELDS.choices(),
                widget=forms.CheckboxSelectMultiple,
                help_text="Only what the service needs to know",
            )
            self.fields[row_name(i, "contact_details")] = forms.CharField(
                label="Phone number or email the service should use",
                required=False,
                help_text="Only if the person agreed to share their contact details",
            )
            self.fields[row_name(i, "consent")] = forms.BooleanField(
                label=f"The person agreed to this connection to {label} and to sharing what is ticked",
                required=False,
            )
            if choice.closed:
                self.fields[row_name(i, CLOSED_FIELD)] = forms.BooleanField(
                    label=f"Send it anyway: the person knows {choice.service.organisation.name} "
                    "is not taking anyone at the moment",
                    required=False,
                )

    @property
    def services(self) -> list[Service]:
        return [choice.service for choice in self.chosen]

    def rows(self) -> list[tuple[ServiceChoice, dict[str, forms.BoundField]]]:
        return [
            (
                choice,
                {
                    name: self[row_name(i, name)]
                    for name in (*ROW_FIELDS, CLOSED_FIELD)
                    if row_name(i, name) in self.fields
                },
            )
            for i, choice in enumerate(self.chosen)
        ]

    def groups(self) -> list[tuple[str, list[tuple[ServiceChoice, dict[str, forms.BoundField]]]]]:
        """The rows under their categories' titles, in the order the page shows them."""
        out: list[tuple[str, list]] = []
        for choice, fields in self.rows():
            if not out or out[-1][0] != choice.category_label:
                out.append((choice.category_label, []))
            out[-1][1].append((choice, fields))
        return out

    def items(self) -> list[ConnectionItem]:
        d = self.cleaned_data
        return [
            ConnectionItem(
                service=choice.service.pk,
                kind=d[row_name(i, "kind")],
                reason=d[row_name(i, "reason")],
                shared_fields=tuple(d[row_name(i, "shared_fields")]),
                consent=d[row_name(i, "consent")],
                contact_details=d[row_name(i, "contact_details")],
            )
            for i, choice in enumerate(self.chosen)
        ]

    def closed_confirmed(self) -> list:
        """The services the link worker confirmed sending to although their organisation is taking no one."""
        d = self.cleaned_data
        return [choice.service.pk for i, choice in enumerate(self.chosen) if d.get(row_name(i, CLOSED_FIELD))]

    def field_map(self) -> dict[str, str]:
        """The service's error fields (connections[1].consent) to this form's (s1_consent)."""
        mapping = {}
        for i in range(len(self.chosen)):
            for name in (*ROW_FIELDS, CLOSED_FIELD):
                mapping[f"connections[{i}].{name}"] = row_name(i, name)
            mapping[f"connections[{i}].service"] = row_name(i, "kind")
        return mapping


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", required=False, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason",
        required=False,
        strip=False,
        help_text="Needed when declining: say why, so the link worker can find the person something else",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_start_on = SplitDateField(
        label="Expected start (when accepting)",
        required=False,
        help_text="When the person can expect to start. For example, 15 3 2027",
    )

    def __init__(self, choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class EngagementForm(forms.Form):
    engagement = forms.ChoiceField(
        label="Did the person engage?", required=False, choices=ENGAGEMENT.choices(), widget=forms.RadioSelect
    )
    first_seen_on = SplitDateField(
        label="Date of their first session", required=False, help_text="Leave blank if they have not come yet"
    )
    outcome = forms.CharField(
        label="What came of it",
        required=False,
        strip=False,
        help_text="Feedback for the link worker: how it went, anything they should know",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
