from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "linkwork.synthetic"
    label = "synthetic"
