"""allauth's social sign-in hooks for the blog: which providers are offered.

allauth lists every installed provider that needs no credentials, on its sign-in
page and in the comment form's icons alike. Mastodon and IndieAuth sign-in
(accounts/providers/) need none, and each is offered only while its switch is on
(MASTODON_SIGN_IN, INDIEAUTH_SIGN_IN): such a provider says so in `offered`.
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_providers(self, request):
        return [
            provider
            for provider in super().list_providers(request)
            if getattr(provider, "offered", True)
        ]
