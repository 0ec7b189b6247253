import factory

from linkwork.accounts.models import User
from linkwork.accounts.services import issue_api_token
from linkwork.core.auditor import Auditor

PASSWORD = "a long test password 123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nhs.uk")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = "link_worker"
    organisation = None

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


def token_for(user: User) -> str:
    return issue_api_token(user, Auditor(system="tests"))
