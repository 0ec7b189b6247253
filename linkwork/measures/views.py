from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse

from linkwork.core.access import get_in_scope
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.measures import services
from linkwork.measures.forms import MeasureForm
from linkwork.measures.presenters import offers_for
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
    offers = offers_for(referral)
    # Only what the episode may use is offered (PAM under the PCN's licence; the satisfaction survey once the person
    # agreed in part two of their plan); asking for anything else shows the choice again, saying why.
    offered = {offer.definition.key: offer.definition for offer in offers if offer.offered}
    definition = offered.get(request.GET.get("instrument", ""))
    if definition is None:
        context = {
            "title": "Record a measure",
            "referral": referral,
            "instruments": list(offered.values()),
            "not_offered": [offer for offer in offers if not offer.offered],
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
