"""HTTP Basic with an application password: the APIs' only password sign-in.

It lives here, not in AUTHENTICATION_BACKENDS, so that the admin's and the
site's sign-in forms never accept an application password, and an
application password never opens a session.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework import authentication, exceptions

from core.client import client_ip
from core.ratelimit import allow

from .models import ApplicationPassword

# Wrong passwords one address may send per minute before it is refused for that minute.
FAILURES_PER_MINUTE = 10


class IncorrectPassword(exceptions.AuthenticationFailed):
    default_code = "incorrect_password"
    default_detail = "The provided password is an invalid application password."


def sign_in(userid, password, ip):
    """(user, their application password) for these credentials, its use recorded.

    The one check every API signs in through (REST's HTTP Basic, XML-RPC's username and
    password parameters). Raises IncorrectPassword, or Throttled once the address has sent
    too many wrong passwords this minute.
    """
    if ip and cache.get(f"app-password-blocked:{ip}"):
        raise exceptions.Throttled(60)
    found = user_for(userid, password)
    if found is None:
        if not allow("app-password-failed", ip, limit=FAILURES_PER_MINUTE, period=60):
            cache.set(f"app-password-blocked:{ip}", True, 60)
        raise IncorrectPassword()
    user, row = found
    row.record_use(ip)
    return user, row


def user_for(userid, password):
    """(user, their application password) for these credentials, or None."""
    users = get_user_model()._default_manager
    user = users.filter(username=userid, is_active=True).first()
    if user is None and "@" in userid:
        user = users.filter(email__iexact=userid, is_active=True).first()
    row = ApplicationPassword.objects.matching(user, password) if user else None
    return (user, row) if row is not None else None


class ApplicationPasswordAuthentication(authentication.BasicAuthentication):
    www_authenticate_realm = "api"

    def authenticate_credentials(self, userid, password, request=None):
        ip = client_ip(request) if request is not None else None
        return sign_in(userid, password, ip)
