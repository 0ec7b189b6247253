from django.urls import path

from linkwork.measures import views

app_name = "measures"
urlpatterns = [
    path("referrals/<uuid:referral_id>/measures/new", views.new_measure, name="new"),
]
