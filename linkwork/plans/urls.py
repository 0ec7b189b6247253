from django.urls import path

from linkwork.plans import views

app_name = "plans"
urlpatterns = [
    path("referrals/<uuid:referral_id>/care-plan", views.plan_detail, name="detail"),
    path("referrals/<uuid:referral_id>/care-plan/edit", views.edit_plan, name="edit"),
    path("referrals/<uuid:referral_id>/care-plan/part-two", views.edit_part_two, name="part_two"),
    path("referrals/<uuid:referral_id>/care-plan/goals/new", views.new_goal, name="new_goal"),
    path(
        "referrals/<uuid:referral_id>/care-plan/goals/<uuid:goal_id>/progress",
        views.goal_progress,
        name="goal_progress",
    ),
    path("referrals/<uuid:referral_id>/care-plan/print", views.print_copy, name="print"),
    path("referrals/<uuid:referral_id>/care-plan.pdf", views.pdf_copy, name="pdf"),
]
