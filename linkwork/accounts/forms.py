from django import forms
from django.contrib.auth.forms import AuthenticationForm

from linkwork.accounts.models import normalise_email


class SignInForm(AuthenticationForm):
    username = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data["username"])
