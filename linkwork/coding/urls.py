from django.urls import path

from linkwork.coding import views

app_name = "coding"
urlpatterns = [
    path("worklist", views.worklist, name="worklist"),
    path("worklist/entered", views.entered, name="entered"),
    path("worklist.csv", views.worklist_csv, name="worklist_csv"),
]
