import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from linkwork.accounts.models import User
from linkwork.core.auditor import Auditor
from linkwork.core.json_input import JsonInputError, load_json
from linkwork.interop import openreferral


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK (HSDS 3.0) file into the community directory, all of it or nothing, as a named "
        "user (whose permissions and name the audit trail records). Prints a report naming each organization, "
        "service, field and rule that failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file; - for standard input")
        parser.add_argument("--user", required=True, help="email of the PCN manager the import is done as")
        parser.add_argument("--dry-run", action="store_true", help="check everything, store nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        user = User.objects.filter(email__iexact=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user has the email {options['user']}")
        if not (user.has_perm("interop.import_directory") and user.has_perm("community.change_service")):
            raise CommandError(f"{user.role_label} may not import the community directory")
        try:
            raw = sys.stdin.read() if options["file"] == "-" else Path(options["file"]).read_text(encoding="utf-8")
            document = load_json(raw, field="file")
        except (OSError, ValueError, JsonInputError) as exc:
            raise CommandError(f"cannot read {options['file']} as JSON: {exc}") from exc
        try:
            report = openreferral.import_directory(
                document, user=user, auditor=Auditor(user, via="cli"), dry_run=options["dry_run"]
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for line in report.lines():
                self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"nothing was stored: {len(report.errors)} error(s)")
