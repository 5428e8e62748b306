"""The admin's sign-in (/admin/login/): limited like the readers', and two-factor.

Django's admin checks the password and signs in, as often as it is asked: a
hundred wrong passwords in a hundred seconds all got an answer, and the right one
still worked. Here the admin's form stays (staff, and the browser tests, use it as
ever), but the two steps go through django-allauth, which already guards
/accounts/login/:

- The password is checked through allauth's adapter, so each failure counts in
  allauth's `login_failed` rate limit: per address, and per account at that address
  (accounts/adapter.py). One policy, one set of counters, for both doors to the
  same accounts. An attempt over the limit is answered 429 before the password is
  looked at.
- A correct password starts allauth's login flow instead of signing in at once, so
  its stages apply: someone who turned on two-factor sign-in (allauth.mfa, at
  /accounts/2fa/) is sent on to give the code, or a recovery code, and only then
  reaches the admin.

django-axes could limit this form too, but it would count failures a second time,
in its own tables and by its own rules, beside allauth's, and still leave the
second factor to allauth: one mechanism is easier to reason about than two.
"""

from allauth.account.adapter import get_adapter
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.utils import perform_login
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.ratelimit import too_many

TOO_MANY_FAILURES = "too_many_login_attempts"  # the code of allauth's error


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's form, its password checked where allauth counts the failures."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, username=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class AdminSignInView(LoginView):
    """What `AdminSite.login` shows, with the sign-in handed to allauth's flow."""

    authentication_form = AdminSignInForm
    template_name = "admin/login.html"
    next_page = reverse_lazy("admin:index")

    def dispatch(self, request, *args, **kwargs):
        request.current_app = admin.site.name
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if admin.site.has_permission(request):
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        # Staff accounts are made in the admin, not signed up for: no address to verify.
        return perform_login(
            self.request,
            form.get_user(),
            email_verification=EmailVerificationMethod.NONE,
            redirect_url=self.get_success_url(),
        )

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, TOO_MANY_FAILURES):
            return too_many(self.request)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                **admin.site.each_context(self.request),
                "title": _("Log in"),
                "subtitle": None,
                "app_path": self.request.get_full_path(),
                "username": self.request.user.get_username(),
                REDIRECT_FIELD_NAME: self.get_success_url(),
            }
        )
        return context
