from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "linkwork.coding"
    label = "coding"
