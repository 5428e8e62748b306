"""The sign-in icons of the comment form: one per configured social provider."""

from allauth.socialaccount.adapter import get_adapter
from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()

ICONS = {
    "google": "img/social/google.svg",
    "facebook": "img/social/facebook.svg",
    "twitter_oauth2": "img/social/x.svg",
    "wordpress": "img/social/wordpress.svg",
    "mastodon": "img/social/mastodon.svg",
    "indieauth": "img/social/indieauth.svg",
}
# Generic OpenID Connect providers (a self-hosted one, for instance).
DEFAULT_ICON = "img/social/openid.svg"


def configured_providers(request):
    """Providers that have credentials (a social application in the admin, or the
    environment), and those that need none (Mastodon, IndieAuth) while their setting
    is on (accounts/social_adapter.py), in name order; one query for the admin's
    applications."""
    providers = get_adapter().list_providers(request)
    return sorted(
        (p for p in providers if not (p.app and p.app.settings.get("hidden"))),
        key=lambda p: p.name.lower(),
    )


@register.inclusion_tag("accounts/_social_sign_in.html", takes_context=True)
def social_sign_in(context, next_url):
    """Links that sign a reader in and bring them back to `next_url`.

    The same for every guest, so a cached page can carry them.
    """
    request = context["request"]
    return {
        "providers": [
            {
                "name": provider.name,
                "slug": provider.sub_id,
                "icon": ICONS.get(provider.id, DEFAULT_ICON),
                "url": provider.get_login_url(request, process="login", next=next_url),
            }
            for provider in configured_providers(request)
        ],
        "account_url": f"{reverse('account_login')}?{urlencode({'next': next_url})}",
        "blog_title": settings.BLOG_TITLE,
    }
