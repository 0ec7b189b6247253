"""The header's navigation: one entry per page the signed-in user's role can use."""

from django.urls import reverse

ENTRIES = [
    ("referrals.view_caseload", "referrals:caseload", "Caseload"),
    ("referrals.receive_referral", "referrals:new", "New referral"),
    ("referrals.view_referrals_made", "referrals:made", "Referrals I made"),
    ("coding.view_worklist", "coding:worklist", "Coding worklist"),
    ("connections.view_follow_up", "connections:follow_up", "Connections to follow up"),
    ("connections.use_partner_portal", "connections:partner_list", "Connections"),
    ("community.view_directory", "community:directory", "Directory"),
    ("core.view_audit", "core:audit", "Audit log"),
]


def navigation_items(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for perm, url_name, text in ENTRIES:
        if user.has_perm(perm):
            href = reverse(url_name)
            items.append({"href": href, "text": text, "current": request.path == href})
    return items


# The page each role starts from, in order of preference.
HOME_PAGES = [
    ("referrals.view_caseload", "referrals:caseload"),
    ("coding.view_worklist", "coding:worklist"),
    ("core.view_audit", "core:audit"),
]


def home_url_for(user) -> str | None:
    for perm, url_name in HOME_PAGES:
        if user.has_perm(perm):
            return reverse(url_name)
    return None
