"""The production settings start: static files collected into a manifest, `check --deploy` clean of errors, and
the WSGI application serving the sign-in page, its static files and the API docs (before, the Jinja2 environment
asked the manifest for a folder and the app stopped at start-up)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

HOST = "linkwork.example.nhs.uk"
PROJECT = Path(__file__).resolve().parents[1]
LINKWORK = str(Path(sys.executable).with_name("linkwork"))

# Runs in a fresh interpreter on the production settings: imports linkwork.config.wsgi (as a WSGI server would) and
# sends it requests as they arrive behind TLS, printing what came back.
SERVE = r"""
import io, json, sys
from linkwork.config.wsgi import application

def get(path):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": sys.argv[1],
        "SERVER_PORT": "443", "HTTP_HOST": sys.argv[1], "wsgi.url_scheme": "https", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False,
        "wsgi.run_once": False, "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
    }
    answer = {}
    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)
    body = b"".join(application(environ, start_response))
    answer["body"] = body.decode("utf-8", "replace")
    return answer

print(json.dumps({path: get(path) for path in sys.argv[2:]}))
"""


def _run(args, env, **kwargs):
    result = subprocess.run(args, env=env, cwd=PROJECT, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{' '.join(args[:3])} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "linkwork.config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{folder / 'linkwork.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        # The same manifest, without minutes of pre-compression; the manifest is what the start-up failure was about.
        "LINKWORK_COMPRESS_STATIC": "false",
    }
    _run([LINKWORK, "collectstatic", "--noinput"], env)
    _run([LINKWORK, "migrate", "--noinput"], env)
    return env


def test_check_deploy_finds_no_errors(production):
    result = _run([LINKWORK, "check", "--deploy"], production)
    assert "ERRORS:" not in result.stderr + result.stdout


def test_the_app_starts_and_serves_the_sign_in_page_and_its_assets(production):
    static = Path(production["STATIC_ROOT"])
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    css = "/static/" + manifest["nhsuk/nhsuk-frontend.min.css"]
    paths = ["/accounts/sign-in", css, "/static/nhsuk/assets/images/favicon.svg", "/api/v1/docs", "/api/v1/people"]
    result = _run([sys.executable, "-c", SERVE, HOST, *paths], production)
    answers = json.loads(result.stdout)

    sign_in = answers["/accounts/sign-in"]
    assert sign_in["status"] == 200, sign_in["body"][:2000]
    assert "Sign in to linkwork" in sign_in["body"]
    # Hashed static URLs from the manifest, and the NHS.UK assets folder the page template builds its icons from.
    assert f'href="{css}"' in sign_in["body"]
    assert 'href="/static/nhsuk/assets/images/favicon.svg"' in sign_in["body"]
    assert "default-src 'self'" in sign_in["headers"]["Content-Security-Policy"]
    assert "Strict-Transport-Security" in sign_in["headers"]

    assert answers[css]["status"] == 200 and "no-store" not in answers[css]["headers"].get("Cache-Control", "")
    assert answers["/static/nhsuk/assets/images/favicon.svg"]["status"] == 200
    assert answers["/api/v1/docs"]["status"] == 200
    assert answers["/api/v1/people"]["status"] == 401
    assert answers["/api/v1/people"]["headers"]["Content-Type"].startswith("application/json")
