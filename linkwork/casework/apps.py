from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The pages and API resources that gather many contexts for one person or one worker (ADR 0008)."""

    name = "linkwork.casework"
    label = "casework"
    verbose_name = "Casework"
