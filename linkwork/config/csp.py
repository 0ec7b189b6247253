"""The Content-Security-Policy's allowances for inline code we do not write ourselves (ADR 0020)."""

import base64
import hashlib
import re
from importlib.resources import files


def nhsuk_template_script_hash() -> str:
    """The CSP source that allows the NHS.UK page template's one inline script (it marks the body `js-enabled`).

    Taken from the installed template, so a new nhsuk-frontend-jinja brings its own hash. A hash rather than a
    nonce keeps every page's HTML the same from one response to the next (the self-referral confirmation must
    not differ between people who are new and known).
    """
    template = files("nhsuk_frontend_jinja").joinpath("templates/nhsuk/template.jinja").read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", template, flags=re.DOTALL)
    if len(scripts) != 1:
        raise RuntimeError(f"expected one inline script in the NHS.UK page template, found {len(scripts)}")
    digest = hashlib.sha256(scripts[0].encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
