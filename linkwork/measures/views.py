from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse

from linkwork.core.access import get_in_scope
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.measures import services
from linkwork.measures.forms import MeasureForm
from linkwork.measures.instruments import registry
from linkwork.nhsuk_forms.errors import add_rule_violations
from linkwork.referrals.models import Referral


@permission_required("measures.record_measure", raise_exception=True)
def new_measure(request, referral_id):
    """Record a measure in an episode: first choose the instrument, then answer the form built from it."""
    auditor = Auditor.from_request(request)
    referral = get_in_scope(
        Referral.objects.for_user(request.user).select_related("person"), referral_id, auditor, "referral"
    )
    person_url = reverse("casework:person", args=[referral.person_id]) + f"#episode-{referral.pk}"
    back_link = {"href": person_url, "text": "Back"}
    definitions = registry()
    definition = definitions.current(request.GET.get("instrument", ""))
    if definition is None:
        context = {
            "title": "Record a measure",
            "referral": referral,
            "instruments": definitions.all_current(),
            "back_link": back_link,
        }
        return render(request, "measures/choose_instrument.html", context)
    if request.method == "POST":
        form = MeasureForm(request.POST, definition=definition)
        if form.is_valid():
            try:
                response = services.record_measure(referral, form.measure_details(), user=request.user, auditor=auditor)
            except RuleViolation as exc:
                add_rule_violations(form, exc, form.error_field_map())
            else:
                messages.success(request, f"{definition.short_name} recorded for {response.taken_on:%-d %B %Y}.")
                return redirect(person_url)
    else:
        form = MeasureForm(definition=definition)
    context = {
        "title": f"Record {definition.short_name}",
        "form": form,
        "definition": definition,
        "referral": referral,
        "back_link": back_link,
    }
    return render(request, "measures/measure_form.html", context)
