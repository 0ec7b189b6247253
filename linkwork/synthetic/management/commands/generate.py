"""`linkwork generate --people N --seed S`: fill the database with synthetic, reproducible data."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linkwork.synthetic.generator import AlreadyGenerated, generate
from linkwork.synthetic.guard import refuse_in_production


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be a date like 2026-03-31, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Generate synthetic people, referral episodes, contacts and GP coding events. The same --people, "
        "--seed and --today always give the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="how many referred people to generate")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=_date, default=None, help="the day the data ends (default: today)")
        parser.add_argument(
            "--into-pcn",
            metavar="CODE",
            default=None,
            help="add the people to this existing PCN (its practices and staff) instead of building organisations",
        )
        parser.add_argument("--chunk", type=int, default=50_000, help="people generated and loaded per transaction")
        parser.add_argument(
            "--indexes",
            choices=("auto", "drop", "keep"),
            default="auto",
            help="drop plain indexes during the load and rebuild them after (auto: from 200,000 people)",
        )
        parser.add_argument("--summary-json", type=Path, default=None, help="also write the summary to this file")

    def handle(self, *args, **options):
        refuse_in_production()
        today = options["today"] or timezone.localdate()
        if options["people"] < 1:
            raise CommandError("--people must be at least 1")
        try:
            summary = generate(
                people=options["people"],
                seed=options["seed"],
                today=today,
                into_pcn=options["into_pcn"],
                chunk_people=options["chunk"],
                progress=options["verbosity"] > 0,
                drop_indexes={"auto": None, "drop": True, "keep": False}[options["indexes"]],
            )
        except AlreadyGenerated as exc:
            raise CommandError(str(exc)) from exc
        if options["summary_json"]:
            options["summary_json"].write_text(json.dumps(summary.as_dict(), indent=2) + "\n")
        if options["verbosity"] > 0:
            self.stdout.write(f"{'table':<34}{'rows':>12}{'load s':>9}{'rows/s':>11}")
            for table, rows in summary.rows.items():
                seconds = summary.load_seconds.get(table, 0.0)
                rate = f"{rows / seconds:,.0f}" if seconds else "-"
                self.stdout.write(f"{table:<34}{rows:>12,}{seconds:>9.1f}{rate:>11}")
            for step, seconds in summary.load_seconds.items():
                if step not in summary.rows:
                    self.stdout.write(f"{step:<34}{'':>12}{seconds:>9.1f}")
            self.stdout.write(
                f"{'total':<34}{summary.total_rows:>12,}{summary.seconds:>9.1f}{summary.rows_per_second:>11,.0f}\n"
                f"{options['people']:,} people, seed {options['seed']}, today {today}, "
                f"{summary.seconds:.1f} s, peak memory {summary.peak_memory_mb:,.0f} MB"
            )
            for note in summary.notes:
                self.stdout.write(f"Note: {note}")
