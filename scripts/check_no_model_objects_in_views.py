"""Fail if a view or API handler reaches a model's rows other than through its scoped `for_user` queryset.

STYLE.md: each role's reach is a scoped queryset, never a filter in a view. Every edge file is checked: `views.py`,
`api.py`, any `*_views.py` or `*_api.py`, and every module of a `views/` or `api/` package. `get_object_or_404` and
`get_list_or_404` are refused there too (they take any queryset, and their 404 is not audited: use
`linkwork.core.access.get_in_scope`). Organisations are not personal data and may be listed by anyone signed in, so
they are allowed.
"""

import ast
import sys
from pathlib import Path

ALLOWED_MODELS = {"Organisation"}
UNSCOPED_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def is_edge_file(path: Path) -> bool:
    if "tests" in path.parts or "migrations" in path.parts:
        return False
    stem = path.stem
    return stem in {"views", "api"} or stem.endswith(("_views", "_api")) or path.parent.name in {"views", "api"}


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
        names = []
        if isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Name):
            names = [node.id]
        for name in names:
            if name in UNSCOPED_SHORTCUTS:
                yield f"{path}:{node.lineno}: {name} (use linkwork.core.access.get_in_scope on a for_user queryset)"


def edge_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if is_edge_file(path))


def main() -> int:
    root = Path(__file__).resolve().parents[1] / "linkwork"
    found = [o for path in edge_files(root) for o in offences(path)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
