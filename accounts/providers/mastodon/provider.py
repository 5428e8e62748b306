"""Mastodon as a django-allauth provider: how a Mastodon account becomes a social account.

No client id is configured for it: the blog registers itself on each instance
(models.py), so it uses no allauth social application, and allauth lists it
wherever providers are listed. It is offered while MASTODON_SIGN_IN is on.

An account is known by its username at its instance, "ada@mastodon.social":
account ids and usernames are unique only within one instance, and a username
never changes on Mastodon.
"""

from allauth.socialaccount.providers.base import Provider, ProviderAccount
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode


class MastodonAccount(ProviderAccount):
    def get_profile_url(self):
        return self.account.extra_data.get("url")

    def get_avatar_url(self):
        return self.account.extra_data.get("avatar") or None

    def to_str(self):
        data = self.account.extra_data
        return f"@{data.get('username')}@{data.get('instance')}"


class MastodonProvider(Provider):
    id = "mastodon"
    name = "Mastodon"
    account_class = MastodonAccount
    uses_apps = False

    @property
    def offered(self):
        return settings.MASTODON_SIGN_IN

    def get_login_url(self, request, **kwargs):
        url = reverse("mastodon_sign_in")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def extract_uid(self, data):
        return f"{data['username']}@{data['instance']}".lower()

    def extract_common_fields(self, data):
        return {"username": data["username"], "name": data["display_name"] or data["username"]}


provider_classes = [MastodonProvider]
