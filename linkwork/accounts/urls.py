from django.urls import path

from linkwork.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign_in"),
    path("sign-out", views.sign_out, name="sign_out"),
    path("locked-out", views.locked_out, name="locked_out"),
]
