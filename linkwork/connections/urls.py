from django.urls import path

from linkwork.connections import views

app_name = "connections"
urlpatterns = [
    path("referrals/<uuid:referral_id>/connections/new", views.new_connections, name="new"),
    path("directory/services/<uuid:service_id>/connect", views.connect_person, name="connect_person"),
    path("connections/<uuid:connection_id>/status", views.change_status, name="status"),
    path("connections/<uuid:connection_id>/engagement", views.report_engagement, name="engagement"),
    path("partner/connections", views.partner_list, name="partner_list"),
    path("partner/connections/<uuid:connection_id>", views.partner_detail, name="partner_detail"),
]
