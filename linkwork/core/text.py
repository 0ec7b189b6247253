"""Text as people type it, in the one stored form every service keeps."""

from typing import Any


def words(value: Any) -> str:
    """Text as written, less surrounding blank space and with one kind of line break (browsers send CRLF, API
    clients LF), so the same words never count as a change."""
    return "" if value is None else str(value).replace("\r\n", "\n").strip()
