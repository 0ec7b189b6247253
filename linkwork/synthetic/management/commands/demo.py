"""`linkwork demo`: create (once) the demo organisations, users and people, and print the demo logins."""

from django.core.management.base import BaseCommand

from linkwork.core.roles import Role
from linkwork.synthetic.demo import PASSWORD, build_demo
from linkwork.synthetic.guard import refuse_in_production


class Command(BaseCommand):
    help = "Create the demo world (idempotent) and print a login for every role."

    def handle(self, *args, **options):
        refuse_in_production()
        result = build_demo()
        if options["verbosity"] == 0:
            return
        if result.created_organisations or result.created_users or result.people_generated:
            self.stdout.write(
                f"Demo world: {result.created_organisations} organisations, {result.created_users} users and "
                f"{result.people_generated} people created."
            )
        else:
            self.stdout.write("Demo world already in place; nothing changed.")
        width = max(len(login.email) for login in result.logins)
        self.stdout.write(f"\n{'Role':<28}{'Email':<{width + 2}}Organisation")
        for login in result.logins:
            self.stdout.write(f"{Role(login.role).label:<28}{login.email:<{width + 2}}{login.organisation}")
        self.stdout.write(f"\nPassword for every demo login: {PASSWORD}")
