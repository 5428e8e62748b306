"""WordPress.com's side of the sign-in: its OAuth 2 endpoints and the profile it answers with.

django-allauth drives the exchange (state, the code, the token request, its
error page); this adapter names WordPress.com's endpoints and reads the
reader's profile from /rest/v1.1/me. Every address hangs off one base URL,
`SOCIALACCOUNT_PROVIDERS["wordpress"]["API_URL"]`, read on each sign-in, so a
test (or a WordPress.com-compatible service) can stand in for the real one.
"""

from allauth.socialaccount import app_settings
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.contrib import messages
from requests import RequestException

DEFAULT_API_URL = "https://public-api.wordpress.com"
PROFILE_UNAVAILABLE = (
    "WordPress.com did not send your profile, so you are not signed in. Please try again later."
)


class WordPressOAuth2Adapter(OAuth2Adapter):
    provider_id = "wordpress"

    @property
    def api_url(self):
        settings = app_settings.PROVIDERS.get(self.provider_id, {})
        return settings.get("API_URL", DEFAULT_API_URL).rstrip("/")

    @property
    def authorize_url(self):
        return f"{self.api_url}/oauth2/authorize"

    @property
    def access_token_url(self):
        return f"{self.api_url}/oauth2/token"

    @property
    def profile_url(self):
        return f"{self.api_url}/rest/v1.1/me"

    def complete_login(self, request, app, token, **kwargs):
        try:
            profile = self.fetch_profile(token)
        except ProviderException:
            messages.error(request, PROFILE_UNAVAILABLE)
            raise
        return self.get_provider().sociallogin_from_response(request, profile)

    def fetch_profile(self, token):
        """The reader's /me, or ProviderException when the answer is not a profile."""
        headers = {"Authorization": f"Bearer {token.token}", "Accept": "application/json"}
        try:
            with get_adapter().get_requests_session() as session:
                response = session.get(self.profile_url, headers=headers)
                response.raise_for_status()
                profile = response.json()
        except RequestException as exc:  # an error status, no answer, or not JSON
            raise ProviderException(f"WordPress.com's /me failed: {exc}") from exc
        if not isinstance(profile, dict) or not profile.get("ID"):
            raise ProviderException("WordPress.com's /me named nobody")
        return profile


oauth2_login = OAuth2LoginView.adapter_view(WordPressOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WordPressOAuth2Adapter)
