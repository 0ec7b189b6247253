"""The API docs page (/api/v1/docs) serves Swagger UI from linkwork's own static files: no CDN, which an NHS
network may not reach (the page was blank)."""

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_docs_page_references_no_other_host():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, "the page loads nothing"
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert not re.search(r"https?://", html)


def test_the_docs_page_assets_are_linkwork_static_files():
    html = Client().get("/api/v1/docs").content.decode()
    scripts = re.findall(r'<script[^>]*src="/static/([^"]+)"', html)
    styles = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="/static/([^"]+)"', html) + re.findall(
        r'<link[^>]*href="/static/([^"]+\.css)"', html
    )
    assert {"ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"} <= set(scripts)
    assert "ninja/swagger-ui.css" in styles
    for path in {*scripts, *styles}:
        assert finders.find(path), f"{path} is not among the static files"


def test_the_docs_page_has_no_inline_script_the_policy_would_block():
    html = Client().get("/api/v1/docs").content.decode()
    for attributes, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL):
        # Swagger UI's settings travel as JSON data, which a browser never runs.
        assert "src=" in attributes or ('type="application/json"' in attributes), attributes
    assert " style=" not in html
