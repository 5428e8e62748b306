"""A social provider's sign-in pages: reachable under the site's Content Security Policy,
and not found where the provider has no credentials."""

import hashlib
import json
import logging
from functools import lru_cache
from urllib.parse import urlsplit

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers import registry
from django.conf import settings
from django.core.cache import cache
from django.http import Http404

logger = logging.getLogger(__name__)
ORIGIN_CACHE_SECONDS = 5 * 60


@lru_cache
def provider_login_url_names():
    return {f"{provider_class.id}_login" for provider_class in registry.get_class_list()}


@lru_cache
def provider_url_names():
    """Each provider's sign-in page and the callback its provider sends the reader back to."""
    callbacks = {f"{provider_class.id}_callback" for provider_class in registry.get_class_list()}
    return provider_login_url_names() | callbacks


def authorization_origin(request, url_name, provider_id=None):
    """The origin of the provider's authorization endpoint, or None when it cannot be told.

    For OpenID Connect it comes from the discovery document, fetched at most
    every few minutes per configuration however often the page is asked for.
    """
    name = provider_id or url_name.removesuffix("_login")
    try:
        provider = get_adapter().get_provider(request, name)
        configuration = [name, provider.app.client_id, provider.app.settings]
        key = (
            "accounts:authorize-origin:"
            + hashlib.sha256(json.dumps(configuration, sort_keys=True).encode()).hexdigest()
        )
        if (origin := cache.get(key)) is None:
            parts = urlsplit(provider.get_oauth2_adapter(request).authorize_url)
            origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
            cache.set(key, origin, ORIGIN_CACHE_SECONDS)
    except Exception:  # an unreachable discovery document, a provider without OAuth 2
        logger.warning("No authorization endpoint for %s", name, exc_info=True)
        return None
    return origin or None


class ProviderFormActionMiddleware:
    """Let allauth's "Continue" button reach the provider.

    The social sign-in confirmation page posts to itself, and the answer is a
    redirect to the provider's authorization endpoint. Browsers hold that
    redirect to the page's CSP `form-action`, so `'self'` alone stops the
    sign-in there. This page, and only this page, also allows the one origin
    its provider authorizes at. Listed after Django's CSP middleware, so the
    response passes here first.

    A provider with no credentials here (no social application, nothing in the
    environment) has no sign-in: allauth's OAuth 2 views fail looking for its
    application, which would be a 500 at /accounts/google/login/ for anyone who
    asks. Those pages, and their callbacks, are answered as not found.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.url_name in provider_login_url_names()
        ):
            origin = authorization_origin(request, match.url_name, match.kwargs.get("provider_id"))
            if origin:
                policy = getattr(response, "_csp_config", settings.SECURE_CSP)
                response._csp_config = {
                    **policy,
                    "form-action": [*policy.get("form-action", []), origin],
                }
        return response

    def process_exception(self, request, exception):
        match = request.resolver_match
        if (
            isinstance(exception, SocialApp.DoesNotExist)
            and match is not None
            and match.url_name in provider_url_names()
        ):
            raise Http404("No such sign-in here.")
