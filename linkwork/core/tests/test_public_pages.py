"""The privacy notice and the accessibility statement (issue 8): public (no sign-in), under /public/ so the public
navigation shows, linked from the footer of every page, and saying what is true of this service."""

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/public/privacy", "/public/accessibility"])
def test_anyone_can_read_them_without_signing_in(db, path):
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    # The public navigation, never the staff one.
    assert 'href="/public/directory"' in html and 'href="/caseload"' not in html


def test_the_privacy_notice_says_what_is_recorded_who_sees_it_how_long_and_how_to_complain(db):
    html = Client().get("/public/privacy").content.decode()
    for words in (
        "What we record",
        "NHS number",
        "Who can see it",
        "only what you agreed to share",
        "never see your record",
        "How long we keep it",
        "How to complain",
        "Information Commissioner",
        "0303 123 1113",
    ):
        assert words in html, words


def test_the_accessibility_statement_gives_the_standard_known_issues_and_how_to_report(db):
    html = Client().get("/public/accessibility").content.decode()
    for words in (
        "WCAG 2.2",
        "AA",
        "partially compliant",
        "Known issues",
        "Reporting accessibility problems",
        "Equality Advisory and Support Service",
    ):
        assert words in html, words


def test_every_page_links_to_both_from_the_footer(world):
    signed_in = Client()
    signed_in.force_login(world.user("link_worker"))
    for client, path in ((Client(), "/accounts/sign-in"), (signed_in, "/caseload"), (Client(), "/public/directory")):
        footer = client.get(path).content.decode().split('class="nhsuk-footer', 1)[1]
        assert 'href="/public/privacy"' in footer and "Privacy notice" in footer, path
        assert 'href="/public/accessibility"' in footer and "Accessibility statement" in footer, path
