"""The header's navigation: one entry per page the signed-in user's role can use; on the public pages, and for
anyone not signed in, the public entry points instead (the public directory and self-referral)."""

from collections.abc import Callable

from django.urls import reverse

# Where an entry goes: a URL name, or a function of the user for pages about the user's own organisation.
Target = str | Callable[..., str | None]


def _own_capacity(user) -> str | None:
    if not user.organisation_id:
        return None
    return reverse("community:capacity", args=[user.organisation_id])


ENTRIES: list[tuple[str, Target, str]] = [
    ("referrals.view_caseload", "casework:caseload", "Caseload"),
    ("referrals.receive_referral", "referrals:new", "New referral"),
    ("referrals.view_referrals_made", "referrals:made", "Referrals I made"),
    ("coding.view_worklist", "coding:worklist", "Coding worklist"),
    ("connections.view_follow_up", "casework:follow_up", "Connections to follow up"),
    ("connections.use_partner_portal", "connections:partner_list", "Connections"),
    ("community.view_whole_directory", "community:directory", "Directory"),
    ("community.view_quality_assurance", "community:quality", "Quality assurance"),
    # Group sessions, community development, meetings: time not about one person (seed 000).
    ("activities.view_activity", "activities:list", "Activity"),
    # The VCSE partner portal: the directory holds only the partner's own organisation's entries; its capacity.
    ("connections.use_partner_portal", "community:directory", "Our services"),
    ("connections.use_partner_portal", _own_capacity, "Capacity"),
    ("community.answer_confidence_survey", "community:partner_survey", "Confidence survey"),
    ("core.view_audit", "core:audit", "Audit log"),
]

# For members of the public: what they can do without an account.
PUBLIC_ENTRIES: list[tuple[str, str]] = [
    ("community:public_directory", "Find community services"),
    ("referrals:self_referral", "Refer yourself to a link worker"),
]
PUBLIC_PATH_PREFIX = "/public/"


def _href(target: Target, user) -> str | None:
    return target(user) if callable(target) else reverse(target)


def _mark_current(request, items: list[dict]) -> list[dict]:
    for item in items:
        item["current"] = request.path == item["href"]
    return items


def is_public_page(request) -> bool:
    return request.path.startswith(PUBLIC_PATH_PREFIX)


def public_navigation_items(request) -> list[dict]:
    return _mark_current(request, [{"href": reverse(name), "text": text} for name, text in PUBLIC_ENTRIES])


def staff_navigation_items(request) -> list[dict]:
    user = request.user
    items = []
    for perm, target, text in ENTRIES:
        if user.has_perm(perm):
            href = _href(target, user)
            if href:
                items.append({"href": href, "text": text})
    return _mark_current(request, items)


def navigation_items(request) -> list[dict]:
    """The header's entries: the public entry points on the public pages and for anyone not signed in (never the
    staff navigation there), otherwise the pages the user's role may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_public_page(request):
        return public_navigation_items(request)
    return staff_navigation_items(request)


# The page each role starts from, in order of preference. Roles with none of these (commissioners, for now) get the
# plain home page.
HOME_PAGES = [
    ("referrals.view_caseload", "casework:caseload"),
    ("coding.view_worklist", "coding:worklist"),
    ("connections.use_partner_portal", "connections:partner_list"),
    ("core.view_audit", "core:audit"),
]


def home_url_for(user) -> str | None:
    for perm, url_name in HOME_PAGES:
        if user.has_perm(perm):
            return reverse(url_name)
    return None
