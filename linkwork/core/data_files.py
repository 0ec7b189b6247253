"""The one way linkwork reads its data files (DESIGN: facts live in data): YAML, a mapping, naming its source."""

from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file cannot be used; the message names the file and the problem."""


def read_data_file(path: Path | str) -> dict[str, Any]:
    """The file's contents as a mapping. Every data file names the published source of its facts, so a reader can
    check them; one that does not is refused."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot be read as YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise DataFileError(f"{path}: must be a mapping of names to values")
    if not isinstance(raw.get("source"), str) or not raw["source"].strip():
        raise DataFileError(f"{path}: source is required (name the published source of these facts)")
    return raw
