from django.apps import AppConfig


class NhsukFormsConfig(AppConfig):
    name = "linkwork.nhsuk_forms"
    label = "nhsuk_forms"
