from django.core.management.base import BaseCommand, CommandError

from linkwork.accounts.services import create_user, issue_api_token
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.roles import Role


class Command(BaseCommand):
    help = "Create a user with one role at one organisation; optionally print a new API token as the last line."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--organisation", required=True, help="code of the user's organisation")
        parser.add_argument("--name", default="", help="full name (defaults to the part of the email before @)")
        parser.add_argument(
            "--password", help="password for signing in to the web; without it the user cannot sign in until one is set"
        )
        parser.add_argument("--api-token", action="store_true", help="issue an API token and print it last")

    def handle(self, *args, **options):
        auditor = Auditor(system="createuser")
        try:
            user = create_user(
                email=options["email"],
                role=options["role"],
                organisation_code=options["organisation"],
                full_name=options["name"],
                password=options["password"],
                auditor=auditor,
            )
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created {user.role_label} {user.email} at {user.organisation}")
        if options["api_token"]:
            self.stdout.write(issue_api_token(user, auditor))
