"""Counts shown with their noun (issue 8: "1 contacts")."""

import pytest
from django.template import engines

from linkwork.core.text import plural


@pytest.mark.parametrize(
    ("count", "singular", "many", "expected"),
    [
        (0, "contact", None, "0 contacts"),
        (1, "contact", None, "1 contact"),
        (2, "contact", None, "2 contacts"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
        (1250, "service", None, "1,250 services"),
    ],
)
def test_plural(count, singular, many, expected):
    assert plural(count, singular, many) == expected


def test_pages_use_the_same_helper():
    env = engines["jinja2"].env
    assert env.filters["plural"] is plural
    assert env.from_string('{{ n | plural("day") }} ago').render(n=1) == "1 day ago"
