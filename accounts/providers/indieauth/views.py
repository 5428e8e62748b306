"""A reader's way through signing in with their website: name it, approve there, come back.

1. SignInView asks for the site's address (forms.py), discovers the site's
   authorization server (server.py), keeps the address, the server and a PKCE
   verifier in allauth's state for this browser, and sends the reader to the
   server's authorization page.
2. CallbackView takes the code the server sends the reader back with, checks the
   state and the issuer, redeems the code with the verifier, believes the answer
   only for the site the reader named, and hands allauth a SocialLogin to
   complete, as its own providers do.

Whatever goes wrong is said on the sign-in page, above the form to try again.
Both pages are not found while INDIEAUTH_SIGN_IN is off.
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

from .forms import WebsiteForm
from .provider import IndieAuthProvider
from .server import AuthorizationServer, ServerError, confirmed_profile_url, discover

TEMPLATE = "accounts/indieauth_sign_in.html"
STATE_LOST = (
    "This sign-in was not started in this browser, or it took too long. Please start again."
)

SIGN_INS_PER_MINUTE = 10


def callback_url():
    return absolute(reverse("indieauth_callback"))


def policy_reaching_servers():
    """The site's CSP, with the form allowed to lead to the reader's server.

    The answer to the form is a redirect to the authorization endpoint the reader's
    site names, and browsers hold that redirect to the page's form-action, which is
    'self' alone.
    """
    policy = settings.SECURE_CSP
    schemes = ["https:", "http:"] if allows_private_addresses() else ["https:"]
    return {**policy, "form-action": [*policy.get("form-action", []), *schemes]}


class IndieAuthView(View):
    def dispatch(self, request, *args, **kwargs):
        self.provider = get_adapter(request).get_provider(request, IndieAuthProvider.id)
        if not self.provider.offered:
            raise Http404("Signing in with a website is off.")
        return super().dispatch(request, *args, **kwargs)

    def show_page(self, form, *, error="", status=200):
        response = render(self.request, TEMPLATE, {"form": form, "error": error}, status=status)
        response._csp_config = policy_reaching_servers()
        return response


# Each start of a sign-in may make the blog fetch a stranger's server (and, for Mastodon,
# register itself there): a few a minute per address.
@method_decorator(
    limit_per_address("indieauth-sign-in", limit=SIGN_INS_PER_MINUTE, period=60), name="post"
)
class SignInView(IndieAuthView):
    def get(self, request):
        return self.show_page(WebsiteForm(initial=request.GET.dict()))

    def post(self, request):
        form = WebsiteForm(request.POST)
        if not form.is_valid():
            return self.show_page(form)
        profile_url = form.cleaned_data["url"]
        try:
            server = discover(profile_url)
        except ServerError as error:
            return self.show_page(form, error=str(error))
        pkce = generate_code_challenge()
        state = self.provider.stash_redirect_state(
            request,
            **self.provider.get_redirect_from_request_kwargs(request),
            profile_url=profile_url,
            server=asdict(server),
            pkce_code_verifier=pkce["code_verifier"],
        )
        return HttpResponseRedirect(
            server.authorization_url(
                me=profile_url,
                redirect_uri=callback_url(),
                state=state,
                code_challenge=pkce["code_challenge"].decode(),
            )
        )


class CallbackView(IndieAuthView):
    def get(self, request):
        try:
            state = self.provider.unstash_redirect_state(request, request.GET.get("state", ""))
        except PermissionDenied:
            return self.failed(STATE_LOST)
        server = AuthorizationServer(**state["server"])
        if request.GET.get("error") == "access_denied":
            return self.failed("You did not allow the sign-in at your site.", state)
        code = request.GET.get("code")
        if not code:
            return self.failed("Your site's server did not complete the sign-in.", state)
        issuer = request.GET.get("iss")
        if server.issuer and issuer is not None and issuer != server.issuer:
            return self.failed("The answer came from another server than your site names.", state)
        try:
            answer = server.redeem(
                code=code, redirect_uri=callback_url(), code_verifier=state["pkce_code_verifier"]
            )
            me = confirmed_profile_url(answer["me"], entered=state["profile_url"], server=server)
        except ServerError as error:
            return self.failed(str(error), state)
        login = self.provider.sociallogin_from_response(request, {**answer, "me": me})
        login.state = state
        return complete_social_login(request, login)

    def failed(self, error, state=None):
        state = state or {}
        initial = {
            "url": state.get("profile_url"),
            "next": state.get("next"),
            "process": state.get("process"),
        }
        return self.show_page(WebsiteForm(initial=initial), error=error, status=400)
