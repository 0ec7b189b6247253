from django.urls import path

from linkwork.casework import views

app_name = "casework"
urlpatterns = [
    path("people/<uuid:person_id>", views.person_detail, name="person"),
    path("caseload", views.caseload, name="caseload"),
    path("caseload/reassign", views.reassign, name="reassign"),
    path("referrals/<uuid:referral_id>/contacts/new", views.new_contact, name="new_contact"),
    path("referrals/<uuid:referral_id>/discharge", views.discharge, name="discharge"),
    path("connections/follow-up", views.follow_up, name="follow_up"),
]
