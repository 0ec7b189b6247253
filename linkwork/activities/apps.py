from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "linkwork.activities"
    label = "activities"
    verbose_name = "Activity not about one person"
