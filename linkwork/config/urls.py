from django.urls import include, path

from linkwork.config.api import api

urlpatterns = [
    path("", include("linkwork.core.urls")),
    path("accounts/", include("linkwork.accounts.urls")),
    path("", include("linkwork.referrals.urls")),
    path("coding/", include("linkwork.coding.urls")),
    path("", include("linkwork.plans.urls")),
    path("", include("linkwork.measures.urls")),
    path("", include("linkwork.community.urls")),
    path("", include("linkwork.connections.urls")),
    path("", include("linkwork.casework.urls")),
    path("", include("linkwork.activities.urls")),
    path("api/v1/", api.urls),
]

handler403 = "linkwork.core.views.forbidden"
handler404 = "linkwork.core.views.not_found"
