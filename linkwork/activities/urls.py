from django.urls import path

from linkwork.activities import views

app_name = "activities"
urlpatterns = [
    path("activities", views.activity_list, name="list"),
    path("activities/new", views.new_activity, name="new"),
]
