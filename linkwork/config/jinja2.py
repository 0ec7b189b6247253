"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from linkwork.core.navigation import navigation_items
from linkwork.core.text import plural
from linkwork.nhsuk_forms.helpers import field_params, form_error_summary


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def format_date(value: date | datetime | None, fmt: str = "%-d %B %Y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return value.strftime(fmt)


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%-d %B %Y, %H:%M")


def csp_nonce(request=None) -> str:
    """The request's Content-Security-Policy nonce, for an inline <style> (the print pages'); "" when there is no
    request (the PDF, which no browser enforces a policy on). Reading it adds it to the response's policy."""
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""


def environment(**options):
    # Django passes its own Undefined; the NHS.UK macros need ChainableUndefined (params.a.b on missing a).
    options["undefined"] = ChainableUndefined
    env = Environment(**options, extensions=["jinja2.ext.do"])
    env.loader = ChoiceLoader(
        [
            env.loader,
            PackageLoader("nhsuk_frontend_jinja", package_path="templates/nhsuk/components"),
            PackageLoader("nhsuk_frontend_jinja", package_path="templates/nhsuk/macros"),
            PackageLoader("nhsuk_frontend_jinja"),
        ]
    )
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "field_params": field_params,
            "form_error_summary": form_error_summary,
            "settings": settings,
            "navigation_items": navigation_items,
            "csp_nonce": csp_nonce,
            # A folder, not a file: the manifest storage (production) has no entry for it, so build it from
            # STATIC_URL. The template adds file names (favicon, manifest), which collectstatic also keeps unhashed.
            "assetPath": f"{settings.STATIC_URL.rstrip('/')}/nhsuk/assets",
        }
    )
    env.filters.update({"date": format_date, "datetime": format_datetime, "plural": plural})
    return env
