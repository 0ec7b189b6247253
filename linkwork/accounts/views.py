from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from linkwork.accounts.forms import SignInForm


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True
    extra_context = {"title": "Sign in"}


# Signing out is a POST from the header's button. The NHS.UK header's account form carries no CSRF
# token, and forcing someone to sign out is harmless, so this one view is exempt.
@csrf_exempt
@require_POST
@login_not_required
def sign_out(request):
    logout(request)
    return redirect("accounts:sign_in")


@login_not_required
def locked_out(request):
    return render(request, "accounts/locked_out.html", {"title": "Account locked"}, status=429)
