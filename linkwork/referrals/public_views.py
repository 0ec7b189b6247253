"""Public pages (no sign-in): a person refers themselves to their GP practice's link worker service.

Rejected submissions (too many from one address, the honeypot filled in, sent too fast) store nothing. The
client's address is used only, hashed, as a key in the cache for the rate limit, and never stored with the
referral or in the audit log.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.core.errors import RuleViolation
from linkwork.referrals.public_forms import FIELD_MAP, PUBLIC_MESSAGES, SelfReferralForm, sign_started
from linkwork.referrals.self_referral import (
    check_self_referral,
    practices,
    receive_self_referral,
    self_referral_auditor,
)

logger = logging.getLogger(__name__)

FORM_TEMPLATE = "referrals/public/self_referral.html"


def _rate_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    return "linkwork:self-referral:" + hashlib.sha256(address.encode()).hexdigest()


def _over_rate_limit(request: HttpRequest) -> bool:
    """Count this submission against the sender's address; True once they have sent more than the limit in
    the window (a fixed window that starts with their first submission)."""
    key = _rate_key(request)
    cache.add(key, 0, timeout=settings.LINKWORK_SELF_REFERRAL_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LINKWORK_SELF_REFERRAL_RATE_WINDOW)
        count = 1
    return count > settings.LINKWORK_SELF_REFERRAL_RATE_LIMIT


def _add_violations(form: SelfReferralForm, violation: RuleViolation) -> None:
    for error in violation.errors:
        name = FIELD_MAP.get(error.field, error.field)
        message = PUBLIC_MESSAGES.get((error.field, error.rule)) or error.message[:1].upper() + error.message[1:]
        form.add_error(name if name in form.fields else None, message)


def _receive(form: SelfReferralForm) -> None:
    try:
        receive_self_referral(form.submission(), auditor=self_referral_auditor())
    except IntegrityError:
        # Two forms for the same new person at the same moment: the first registered them, so this one, sent
        # again, finds their record (and the episode the first one opened).
        receive_self_referral(form.submission(), auditor=self_referral_auditor())


def _render_form(request: HttpRequest, form: SelfReferralForm, status: int = 200) -> HttpResponse:
    context = {"title": "Refer yourself to a link worker", "form": form}
    return render(request, FORM_TEMPLATE, context, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def self_referral(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, SelfReferralForm(practices=practices()))
    if _over_rate_limit(request):
        logger.info("self-referral refused: rate limit")
        window_minutes = settings.LINKWORK_SELF_REFERRAL_RATE_WINDOW // 60
        response = render(
            request,
            "referrals/public/too_many.html",
            {"title": "Too many requests", "window_minutes": window_minutes},
            status=429,
        )
        response["Retry-After"] = str(settings.LINKWORK_SELF_REFERRAL_RATE_WINDOW)
        return response
    form = SelfReferralForm(request.POST, practices=practices())
    if form.honeypot_filled():
        # Answer as if it worked, so an automated sender learns nothing.
        logger.info("self-referral refused: honeypot")
        return redirect("referrals:self_referral_sent")
    seconds = form.seconds_taken()
    if seconds is None:
        # No start time, a forged one, or a page left open for a day: ask again with a fresh one.
        data = request.POST.copy()
        data["started"] = sign_started()
        form = SelfReferralForm(data, practices=practices())
        form.is_valid()
        form.add_error(None, "This page timed out. Check your answers, then send the form again")
        return _render_form(request, form)
    if seconds < settings.LINKWORK_SELF_REFERRAL_MIN_SECONDS:
        # Sent faster than people fill in a form. Show any problems with the answers (checked, not stored),
        # or else ask them to send it again: the start time stays, so by then it is long enough.
        logger.info("self-referral refused: sent %.1f seconds after the form was shown", seconds)
        if form.is_valid():
            try:
                check_self_referral(form.submission())
            except RuleViolation as exc:
                _add_violations(form, exc)
        if not form.errors:
            form.add_error(None, "Your form has not been sent yet. Check your answers, then select Send again")
        return _render_form(request, form)
    if form.is_valid():
        try:
            _receive(form)
        except RuleViolation as exc:
            _add_violations(form, exc)
        else:
            # The same page whether the person was new, known, or already has an open episode.
            return redirect("referrals:self_referral_sent")
    return _render_form(request, form)


@login_not_required
@require_http_methods(["GET"])
def self_referral_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/public/sent.html", {"title": "Your request has been sent"})
