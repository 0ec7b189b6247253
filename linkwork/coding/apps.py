from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "linkwork.coding"
    label = "coding"

    def ready(self) -> None:
        from linkwork.coding.services import code_the_contact
        from linkwork.referrals.signals import contact_recorded

        contact_recorded.connect(code_the_contact, dispatch_uid="coding.code_the_contact")
