from django.urls import path

from linkwork.community import views
from linkwork.community.quality import views as quality_views

app_name = "community"
urlpatterns = [
    # The staff directory and the printable menu (signed in).
    path("directory", views.directory_search, name="directory"),
    path("directory/menu", views.menu, name="menu"),
    path("directory/services/new", views.new_service, name="new_service"),
    path("directory/services/<uuid:service_id>", views.service_detail, name="service"),
    path("directory/services/<uuid:service_id>/edit", views.edit_service, name="edit_service"),
    path("directory/organisations/<uuid:organisation_id>/capacity", views.capacity, name="capacity"),
    # The public directory (no sign-in).
    path("public/directory", views.public_directory, name="public_directory"),
    path("public/directory/services/<uuid:service_id>", views.public_service, name="public_service"),
    # Quality assurance pages (community.quality.views) go below.
    path("quality", quality_views.overview, name="quality"),
    path("quality/organisations/<uuid:organisation_id>", quality_views.organisation_page, name="quality_organisation"),
    path(
        "quality/organisations/<uuid:organisation_id>/assessments/new",
        quality_views.new_assessment,
        name="quality_new_assessment",
    ),
    path(
        "quality/organisations/<uuid:organisation_id>/agreements/new",
        quality_views.new_agreement,
        name="quality_new_agreement",
    ),
    path(
        "quality/organisations/<uuid:organisation_id>/leadership-change",
        quality_views.leadership_change,
        name="quality_leadership_change",
    ),
    path(
        "quality/organisations/<uuid:organisation_id>/catch-ups/new",
        quality_views.new_catch_up,
        name="quality_new_catch_up",
    ),
    path(
        "quality/organisations/<uuid:organisation_id>/exceptions/new",
        quality_views.new_exception,
        name="quality_new_exception",
    ),
    path(
        "quality/organisations/<uuid:organisation_id>/surveys/new",
        quality_views.phone_survey,
        name="quality_phone_survey",
    ),
    path("partner/survey", quality_views.partner_survey, name="partner_survey"),
]
