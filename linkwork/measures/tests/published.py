"""Published values the tests pin the data files against (reference/measures.md), and a scheme's own
definition for the tests of adding one without code."""

from pathlib import Path

import yaml

# reference/measures.md, SWEMWBS raw -> metric conversion table.
SWEMWBS_METRIC = {
    7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75, 14: 15.32, 15: 15.84, 16: 16.36,
    17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59, 21: 19.25, 22: 19.98, 23: 20.73, 24: 21.54, 25: 22.35,
    26: 23.21, 27: 24.11, 28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55, 35: 35.00,
}  # fmt: skip


SCHEME_PHQ = {
    "key": "phq4",
    "version": 1,
    "name": "Scheme's own four-item check-in",
    "kind": "summed_scale",
    "source": "The scheme's validated questionnaire (test)",
    "licence": "Public domain (test)",
    "items": [{"id": f"q{n}", "label": f"Question {n}", "type": "scale", "min": 0, "max": 3} for n in range(1, 5)],
    "total": {"better": "lower"},
}


def write(directory: Path, name: str, content: dict) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path
