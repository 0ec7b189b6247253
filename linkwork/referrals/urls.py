from django.urls import path

from linkwork.referrals import public_views, views

app_name = "referrals"
urlpatterns = [
    path("referrals/new", views.new_referral, name="new"),
    path("referrals/made", views.referrals_made, name="made"),
    path("referrals/<uuid:referral_id>", views.referral_detail, name="detail"),
    path("public/self-referral", public_views.self_referral, name="self_referral"),
    path("public/self-referral/sent", public_views.self_referral_sent, name="self_referral_sent"),
]
