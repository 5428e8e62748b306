"""IndieAuth as a django-allauth provider: how a reader's website becomes a social account.

No client id is configured for it: in IndieAuth the blog's own address is its
client id, and each reader's site names its server. So it uses no allauth social
application, and allauth lists it wherever providers are listed; it is offered
while INDIEAUTH_SIGN_IN is on. The account is known by its canonical profile URL.
"""

from urllib.parse import urlsplit

from allauth.socialaccount.providers.base import Provider, ProviderAccount
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode


class IndieAuthAccount(ProviderAccount):
    def get_profile_url(self):
        return self.account.uid

    def get_avatar_url(self):
        return self.account.extra_data.get("photo") or None

    def to_str(self):
        parts = urlsplit(self.account.uid)
        return f"{parts.netloc}{parts.path}".rstrip("/")


class IndieAuthProvider(Provider):
    id = "indieauth"
    name = "Your website"
    account_class = IndieAuthAccount
    uses_apps = False

    @property
    def offered(self):
        return settings.INDIEAUTH_SIGN_IN

    def get_login_url(self, request, **kwargs):
        url = reverse("indieauth_sign_in")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def extract_uid(self, data):
        return data["me"]

    def extract_extra_data(self, data):
        profile = data["profile"]
        return {
            "me": data["me"],
            **{
                field: profile[field]
                for field in ("name", "photo", "url")
                if isinstance(profile.get(field), str)
            },
        }

    def extract_common_fields(self, data):
        name = data["profile"].get("name")
        return {
            "username": urlsplit(data["me"]).hostname,
            "name": name if isinstance(name, str) else "",
        }


provider_classes = [IndieAuthProvider]
