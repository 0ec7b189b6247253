"""`linkwork export openreferral FILE`: the community directory out of linkwork (the pair of `linkwork import`)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from linkwork.core.auditor import Auditor
from linkwork.core.text import plural
from linkwork.interop import openreferral


class Command(BaseCommand):
    help = (
        "Export from linkwork. `export openreferral FILE`: the community directory as Open Referral UK (HSDS 3.0) "
        "JSON, organizations with their services."
    )

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{openreferral}")
        directory = kinds.add_parser(
            "openreferral",
            help="the community directory as Open Referral UK (HSDS 3.0) JSON",
            description="Write the community directory as Open Referral UK JSON: organizations with their services.",
        )
        directory.add_argument("file", help="where to write the JSON; - for standard output")
        directory.add_argument("--public-only", action="store_true", help="only services in the public directory")

    def handle(self, *args, **options):
        document = openreferral.export_and_audit(
            public_only=options["public_only"], auditor=Auditor(system="export-openreferral", via="cli"), via="cli"
        )
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if options["file"] == "-":
            self.stdout.write(text, ending="")
            return
        Path(options["file"]).write_text(text, encoding="utf-8")
        services = sum(len(o["services"]) for o in document)
        self.stderr.write(
            f"Wrote {plural(len(document), 'organisation')} and {plural(services, 'service')} to {options['file']}"
        )
