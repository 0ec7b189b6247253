"""Write a made-up postcode file in the ONS layout (NSPL / ONSPD CSV) for tests, demos and the import benchmark.

    .venv/bin/python scripts/make_postcode_file.py --areas LS --out build/NSPL_DEMO_UK.csv
    .venv/bin/python scripts/make_postcode_file.py --rows 2700000 --out build/NSPL_NATIONAL_SIZE_UK.csv

The postcodes are linkwork's synthetic ones (linkwork.synthetic.postcodes): plausible places around each area's town,
not real data. --rows makes a file of about that many lines across every area the synthetic data knows (as many as
the real national file has: about 2.7 million), by giving each area more districts and postcodes per sector.
"""

import argparse
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")
    import django

    django.setup()
    from linkwork.synthetic import postcodes

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", nargs="*", default=None, help="postcode areas, e.g. LS BD (default: all known)")
    parser.add_argument("--rows", type=int, default=0, help="about this many postcodes in all")
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    areas = options.areas or list(postcodes.area_centres())
    unknown = sorted(set(areas) - set(postcodes.area_centres()))
    if unknown:
        parser.error(f"no synthetic places for {', '.join(unknown)} (see linkwork/synthetic/data/postcode_areas.yaml)")
    districts, units = postcodes.DISTRICTS, postcodes.UNITS
    if options.rows:
        per_area = options.rows / len(areas)
        districts = 99
        units = max(1, min(400, math.ceil(per_area / (districts * postcodes.SECTORS))))
    options.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    written = postcodes.write_nspl(options.out, areas, districts=districts, units=units)
    print(f"Wrote {written:,} postcodes in {len(areas)} areas to {options.out} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
