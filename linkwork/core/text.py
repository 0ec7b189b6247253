"""Text as people type it, in the one stored form every service keeps."""

from typing import Any


def words(value: Any) -> str:
    """Text as written, less surrounding blank space and with one kind of line break (browsers send CRLF, API
    clients LF), so the same words never count as a change."""
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def plural(count: int, singular: str, many: str | None = None) -> str:
    """A count with its noun, as people write it: "1 contact", "2 contacts", "1 person", "3 people" (give `many`
    when adding an s is wrong). The one helper for every count shown with a noun (pages use it as `| plural`)."""
    return f"{count:,} {singular if count == 1 else (many or singular + 's')}"
