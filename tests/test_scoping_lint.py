"""The lint that keeps views and API handlers on scoped querysets finds what it is for (scripts/)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_no_model_objects_in_views.py"
spec = importlib.util.spec_from_file_location("scoping_lint", SCRIPT)
lint = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lint)


def test_every_kind_of_edge_file_is_checked(tmp_path):
    for name in ("views.py", "api.py", "quality_views.py", "public_api.py", "views/pages.py", "api/routes.py"):
        assert lint.is_edge_file(tmp_path / "linkwork" / "app" / name), name
    for name in ("services.py", "presenters.py", "tests/test_views.py", "migrations/0001_views.py"):
        assert not lint.is_edge_file(tmp_path / "linkwork" / "app" / name), name


def test_unscoped_reads_and_shortcuts_are_offences(tmp_path):
    edge = tmp_path / "views.py"
    edge.write_text(
        "from django.shortcuts import get_object_or_404\n"
        "def page(request, pk):\n"
        "    a = Person.objects.filter(pk=pk)\n"
        "    b = Person.objects.for_user(request.user)\n"
        "    c = Organisation.objects.all()\n"
        "    return get_object_or_404(b, pk=pk)\n"
    )
    found = sorted(lint.offences(edge))
    assert len(found) == 3
    assert ":1: get_object_or_404" in found[0] and ":3: Person.objects.filter" in found[1]
    assert ":6: get_object_or_404" in found[2]


def test_the_project_has_no_offence():
    root = SCRIPT.parents[1] / "linkwork"
    assert [o for path in lint.edge_files(root) for o in lint.offences(path)] == []
