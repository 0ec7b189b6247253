from django.urls import path

from linkwork.referrals import public_views, views

app_name = "referrals"
urlpatterns = [
    path("caseload", views.caseload, name="caseload"),
    path("caseload/reassign", views.reassign, name="reassign"),
    path("referrals/new", views.new_referral, name="new"),
    path("referrals/made", views.referrals_made, name="made"),
    path("referrals/<uuid:referral_id>", views.referral_detail, name="detail"),
    path("referrals/<uuid:referral_id>/contacts/new", views.new_contact, name="new_contact"),
    path("referrals/<uuid:referral_id>/discharge", views.discharge, name="discharge"),
    path("public/self-referral", public_views.self_referral, name="self_referral"),
    path("public/self-referral/sent", public_views.self_referral_sent, name="self_referral_sent"),
]
