from django.urls import path

from linkwork.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit", views.audit_log, name="audit"),
    # The site's public pages (no sign-in): under /public/, so the public navigation shows.
    path("public/privacy", views.privacy, name="privacy"),
    path("public/accessibility", views.accessibility, name="accessibility"),
]
