"""The accessibility check itself: it must fail on serious problems, or a clean run of the journey means nothing."""

import re

import pytest

from tests.system.conftest import check_accessibility

pytestmark = pytest.mark.browser

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>{}</main></body></html>'
)


@pytest.fixture
def blank_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_passes_a_clean_page(blank_page):
    blank_page.set_content(PAGE.format('<label for="a">Name</label><input id="a" type="text">'))
    check_accessibility(blank_page, "clean page")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<input type="text">', "label (critical)"),
        ('<p style="color:#bbb;background:#fff">Faint text</p>', "color-contrast (serious)"),
        ('<label for="a">One</label><input id="a"><label for="a">Two</label><input id="a">', "Duplicate ids"),
        ("<h3>Skipped a level</h3><p>Text</p>", "heading-order (moderate)"),
    ],
    ids=["unlabelled input", "low contrast", "duplicate ids", "heading order"],
)
def test_fails_and_names_the_problem(blank_page, body, expected):
    blank_page.set_content(PAGE.format(body))
    with pytest.raises(pytest.fail.Exception, match=re.escape(expected)):
        check_accessibility(blank_page, "broken page")
