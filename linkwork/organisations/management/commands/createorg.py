from django.core.management.base import BaseCommand, CommandError

from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.organisations.models import OrganisationKind
from linkwork.organisations.services import create_organisation


class Command(BaseCommand):
    help = "Create an organisation: an ICB, PCN or GP practice by ODS code, or a VCSE organisation."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--code", required=True, help="ODS code, or charity/company number for a VCSE")
        parser.add_argument("--name", required=True)
        parser.add_argument("--parent", help="code of the parent: the ICB of a PCN, the PCN of a practice")

    def handle(self, *args, **options):
        try:
            organisation = create_organisation(
                kind=options["kind"],
                code=options["code"],
                name=options["name"],
                parent_code=options["parent"],
                auditor=Auditor(system="createorg"),
            )
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created {organisation.get_kind_display()} {organisation}")
