from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "linkwork.measures"
    label = "measures"
    verbose_name = "Wellbeing and outcome measures"
