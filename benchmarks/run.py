"""`make bench`: generate the national-scale dataset into SQLite and PostgreSQL, then time the main pages.

    .venv/bin/python -m benchmarks.run [--people 1000000] [--databases sqlite,postgres] [--requests 200]
                                       [--seed 1] [--today 2026-11-01] [--regenerate]

Writes benchmarks/results/latest.json (machine, dataset rows, generation time and rows/s, and per page p50/p95/max
server time and SQL query count, per database) and prints a summary. Goals it reports against, without
asserting anything: generation under 5 minutes, every page's p95 under 150 ms at 1,000,000 people.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import datasets
from benchmarks.machine import machine_info

GOAL_P95_MS = 150
GOAL_GENERATE_SECONDS = 300
DEFAULT_TODAY = "2026-11-01"  # fixed, so a generated database stays valid from one day to the next


def _measure(database: str, today: str, requests: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.measure",
                "--today",
                today,
                "--requests",
                str(requests),
                "--out",
                str(out),
            ],
            check=True,
            env=datasets.env_for(database),
            cwd=datasets.ROOT,
        )
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def summarise(report: dict) -> str:
    lines = []
    for database, result in report["databases"].items():
        gen = result["dataset"]["generator"]
        lines.append(
            f"\n{database}: {gen['total_rows']:,} rows generated in {gen['seconds']:.0f} s "
            f"({gen['rows_per_second']:,} rows/s; goal < {GOAL_GENERATE_SECONDS} s: "
            f"{'met' if gen['seconds'] < GOAL_GENERATE_SECONDS else 'MISSED'})"
        )
        lines.append(
            f"  {'endpoint':<28}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'queries':>9}  goal p95 < {GOAL_P95_MS} ms"
        )
        for name, e in result["endpoints"].items():
            verdict = "met" if e["p95_ms"] < GOAL_P95_MS else "MISSED"
            lines.append(
                f"  {name:<28}{e['p50_ms']:>8.1f}{e['p95_ms']:>8.1f}{e['max_ms']:>8.1f}{e['queries']:>9}  {verdict}"
            )
        same = result["caseload_queries_independent_of_size"]
        subjects = result["subjects"]
        lines.append(
            f"  caseload queries: {result['endpoints']['caseload_typical']['queries']} for "
            f"{subjects['caseload_typical']['open_episodes']} open episodes, "
            f"{result['endpoints']['caseload_largest']['queries']} for {subjects['caseload_largest']['open_episodes']}"
            f" ({'same' if same else 'DIFFERENT'})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate the benchmark datasets and time the main pages.")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", default=DEFAULT_TODAY)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--regenerate", action="store_true", help="generate again even if the marker matches")
    parser.add_argument("--out", type=Path, default=datasets.RESULTS / "latest.json")
    args = parser.parse_args(argv)

    request = datasets.Request(people=args.people, seed=args.seed, today=args.today)
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "parameters": {"people": args.people, "seed": args.seed, "today": args.today, "requests": args.requests},
        "goals": {"p95_ms": GOAL_P95_MS, "generate_seconds": GOAL_GENERATE_SECONDS},
        "databases": {},
    }
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        if database not in ("sqlite", "postgres"):
            parser.error(f"unknown database {database!r}; use sqlite and/or postgres")
        marker = datasets.ensure_dataset(database, request, args.regenerate)
        print(f"[{database}] measuring {args.requests} requests per endpoint", flush=True)
        measured = _measure(database, args.today, args.requests)
        report["databases"][database] = {"dataset": marker, **measured}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(summarise(report))
    print(f"\nWritten to {args.out}")


if __name__ == "__main__":
    main()
