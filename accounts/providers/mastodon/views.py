"""A reader's way through a Mastodon sign-in: name the instance, approve there, come back.

1. SignInView asks which instance (forms.py), registers the blog there if it has
   not yet (instance.py), keeps the instance and a PKCE verifier in allauth's state
   for this browser, and sends the reader to the instance's authorization page.
2. CallbackView takes the code the instance sends the reader back with, checks the
   state, exchanges the code (with the app's secret and the verifier) for a token,
   reads the account and hands allauth a SocialLogin to complete, as its own
   providers do: a new reader gets a user, a known one is signed in.

Whatever goes wrong is said on the sign-in page, above the form to try again.
Both pages are not found while MASTODON_SIGN_IN is off.
"""

from dataclasses import asdict

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from core.fetch import allows_private_addresses
from core.ratelimit import limit_per_address
from core.site_url import absolute

from .forms import InstanceForm
from .instance import (
    Instance,
    InstanceError,
    access_token,
    authorization_url,
    registered_app,
    signed_in_account,
)
from .models import MastodonApp
from .provider import MastodonProvider

TEMPLATE = "accounts/mastodon_sign_in.html"
STATE_LOST = (
    "This sign-in was not started in this browser, or it took too long. Please start again."
)

SIGN_INS_PER_MINUTE = 10


def callback_url():
    return absolute(reverse("mastodon_callback"))


def policy_reaching_instances():
    """The site's CSP, with the form allowed to lead to an instance.

    The answer to the form is a redirect to the instance the reader named, and
    browsers hold that redirect to the page's form-action, which is 'self' alone.
    """
    policy = settings.SECURE_CSP
    schemes = ["https:", "http:"] if allows_private_addresses() else ["https:"]
    return {**policy, "form-action": [*policy.get("form-action", []), *schemes]}


class MastodonView(View):
    def dispatch(self, request, *args, **kwargs):
        self.provider = get_adapter(request).get_provider(request, MastodonProvider.id)
        if not self.provider.offered:
            raise Http404("Signing in with Mastodon is off.")
        return super().dispatch(request, *args, **kwargs)

    def show_page(self, form, *, error="", status=200):
        response = render(self.request, TEMPLATE, {"form": form, "error": error}, status=status)
        response._csp_config = policy_reaching_instances()
        return response


# Each start of a sign-in may make the blog fetch a stranger's server (and, for Mastodon,
# register itself there): a few a minute per address.
@method_decorator(
    limit_per_address("mastodon-sign-in", limit=SIGN_INS_PER_MINUTE, period=60), name="post"
)
class SignInView(MastodonView):
    def get(self, request):
        return self.show_page(InstanceForm(initial=request.GET.dict()))

    def post(self, request):
        form = InstanceForm(request.POST)
        if not form.is_valid():
            return self.show_page(form)
        instance = form.cleaned_data["instance"]
        try:
            app = registered_app(instance, callback_url())
        except InstanceError as error:
            return self.show_page(form, error=str(error))
        pkce = generate_code_challenge()
        state = self.provider.stash_redirect_state(
            request,
            **self.provider.get_redirect_from_request_kwargs(request),
            instance=asdict(instance),
            app=app.pk,
            pkce_code_verifier=pkce["code_verifier"],
        )
        return HttpResponseRedirect(
            authorization_url(
                instance, app, state=state, code_challenge=pkce["code_challenge"].decode()
            )
        )


class CallbackView(MastodonView):
    def get(self, request):
        try:
            state = self.provider.unstash_redirect_state(request, request.GET.get("state", ""))
        except PermissionDenied:
            return self.failed(STATE_LOST)
        instance = Instance(**state["instance"])
        if request.GET.get("error") == "access_denied":
            return self.failed(f"You did not allow the sign-in at {instance.name}.", state)
        app = MastodonApp.objects.filter(pk=state["app"]).first()
        code = request.GET.get("code")
        if not code or app is None:
            return self.failed(f"{instance.name} did not complete the sign-in.", state)
        try:
            token = access_token(
                instance, app, code=code, code_verifier=state["pkce_code_verifier"]
            )
            account = signed_in_account(instance, token)
        except InstanceError as error:
            return self.failed(str(error), state)
        login = self.provider.sociallogin_from_response(request, account)
        login.state = state
        return complete_social_login(request, login)

    def failed(self, error, state=None):
        state = state or {}
        form = InstanceForm(initial={"next": state.get("next"), "process": state.get("process")})
        return self.show_page(form, error=error, status=400)
