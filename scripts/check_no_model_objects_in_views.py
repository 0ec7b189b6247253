"""Fail if a view or API handler reaches a model's rows other than through its scoped `for_user` queryset.

STYLE.md: each role's reach is a scoped queryset, never a filter in a view. Organisations are not
personal data and may be listed by anyone signed in, so they are allowed.
"""

import ast
import sys
from pathlib import Path

ALLOWED_MODELS = {"Organisation"}
EDGE_FILES = ("views.py", "api.py")


def offences(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "objects"
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id not in ALLOWED_MODELS
            and node.attr != "for_user"
        ):
            model = node.value.value.id
            yield f"{path}:{node.lineno}: {model}.objects.{node.attr} (use {model}.objects.for_user)"


def main() -> int:
    root = Path(__file__).resolve().parents[1] / "linkwork"
    found = [o for name in EDGE_FILES for path in sorted(root.rglob(name)) for o in offences(path)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
