from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "linkwork.interop"
    label = "interop"
    verbose_name = "Interoperability: Open Referral UK directory exchange"
