from django.urls import path

from linkwork.people import views

app_name = "people"
urlpatterns = [
    path("<uuid:person_id>", views.person_detail, name="detail"),
]
