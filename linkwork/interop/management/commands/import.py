"""`linkwork import postcodes FILE` and `linkwork import openreferral FILE --user EMAIL`: files into linkwork.

The command group lives in interop, which stands above every app a file is read into (geography, community)."""

import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from linkwork.accounts.models import User
from linkwork.community import locations
from linkwork.core.auditor import Auditor
from linkwork.core.json_input import JsonInputError, load_json
from linkwork.geography import services as geography
from linkwork.interop import openreferral


class Command(BaseCommand):
    help = (
        "Import a file into linkwork, all of it or nothing, with a report naming every line or row that breaks a "
        "rule. `import postcodes FILE`: the ONS postcode directory (NSPL or ONSPD CSV). `import openreferral FILE "
        "--user EMAIL`: an Open Referral UK (HSDS 3.0) directory, as a named PCN manager."
    )

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{postcodes,openreferral}")
        postcodes = kinds.add_parser(
            "postcodes",
            help="the ONS postcode directory: the NSPL or ONSPD CSV (Data/NSPL_<MONTH>_<YEAR>_UK.csv)",
            description="Add or update the postcodes of an NSPL or ONSPD CSV; postcodes it does not name are kept.",
        )
        postcodes.add_argument("file", help="the CSV file; - for standard input")
        postcodes.add_argument("--dry-run", action="store_true", help="check every line, store nothing")
        postcodes.add_argument("--json", action="store_true", help="print the report as JSON")
        directory = kinds.add_parser(
            "openreferral",
            help="an Open Referral UK (HSDS 3.0) directory file, as a named user",
            description="Import an Open Referral UK file into the community directory as a named user, whose "
            "permissions and name the audit trail records.",
        )
        directory.add_argument("file", help="the JSON file; - for standard input")
        directory.add_argument("--user", required=True, help="email of the PCN manager the import is done as")
        directory.add_argument("--dry-run", action="store_true", help="check everything, store nothing")
        directory.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        if options["kind"] == "postcodes":
            self.postcodes(options)
        else:
            self.openreferral(options)

    def postcodes(self, options) -> None:
        name = options["file"]
        bar = tqdm(unit=" lines", disable=options["verbosity"] < 1 or options["json"], file=sys.stderr)
        seen = [0]

        def progress(lines: int) -> None:
            bar.update(lines - seen[0])
            seen[0] = lines

        def run(stream) -> geography.PostcodeImportReport:
            return geography.import_postcodes(
                stream,
                auditor=Auditor(system="import-postcodes", via="cli"),
                dry_run=options["dry_run"],
                source=Path(name).name if name != "-" else "standard input",
                progress=progress,
            )

        try:
            if name == "-":
                report = run(sys.stdin)
            else:
                with Path(name).open(encoding="utf-8-sig", newline="") as stream:
                    report = run(stream)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {name}: {exc}") from exc
        finally:
            bar.close()
        located = locations.locate_services() if report.stored else 0
        if options["json"]:
            self.stdout.write(json.dumps({**report.as_dict(), "services_located": located}, indent=2))
        else:
            for line in report.summary():
                self.stdout.write(line)
            if report.stored:
                self.stdout.write(f"Services placed on the map from their postcodes: {located:,}")
        if not report.ok:
            raise CommandError(f"nothing was stored: {report.problem or f'{report.error_count:,} error(s)'}")

    def openreferral(self, options) -> None:
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
