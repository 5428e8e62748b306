"""HTTP Basic with an application password: the APIs' only password sign-in.

It lives here, not in AUTHENTICATION_BACKENDS, so that the admin's and the
site's sign-in forms never accept an application password, and an
application password never opens a session.
"""

from django.contrib.auth import get_user_model
from rest_framework import authentication, exceptions

from core.client import client_ip

from .models import ApplicationPassword


class IncorrectPassword(exceptions.AuthenticationFailed):
    default_code = "incorrect_password"
    default_detail = "The provided password is an invalid application password."


class ApplicationPasswordAuthentication(authentication.BasicAuthentication):
    www_authenticate_realm = "api"

    def authenticate_credentials(self, userid, password, request=None):
        users = get_user_model()._default_manager
        user = users.filter(username=userid, is_active=True).first()
        if user is None and "@" in userid:
            user = users.filter(email__iexact=userid, is_active=True).first()
        row = ApplicationPassword.objects.matching(user, password) if user else None
        if row is None:
            raise IncorrectPassword()
        row.record_use(client_ip(request) if request is not None else None)
        return user, row
