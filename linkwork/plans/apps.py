from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "linkwork.plans"
    label = "plans"
    verbose_name = "Personalised care and support plans"
