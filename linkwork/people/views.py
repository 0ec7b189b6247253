from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.urls import reverse

from linkwork.core.access import get_in_scope
from linkwork.core.auditor import Auditor
from linkwork.people.models import Person
from linkwork.people.presenters import person_page


@permission_required("people.view_person", raise_exception=True)
def person_detail(request, person_id):
    auditor = Auditor.from_request(request)
    person = get_in_scope(
        Person.objects.for_user(request.user).select_related("gp_practice"), person_id, auditor, "person"
    )
    auditor.viewed("person", person.pk, person_id=person.pk)
    context = {
        "title": person.full_name,
        "page": person_page(person, request.user),
        "can_record_contact": request.user.has_perm("referrals.record_contact"),
        "can_discharge": request.user.has_perm("referrals.discharge"),
        "back_link": {"href": reverse("referrals:caseload"), "text": "Caseload"},
    }
    return render(request, "people/person_detail.html", context)
