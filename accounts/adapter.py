"""allauth's account hooks for the blog: where account mails link, and whom a failed
sign-in counts against.

Mail links. allauth builds the links in its mails from the request
(`build_absolute_uri`), so a password-reset request sent with
`Host: 127.0.0.1:6666` would mail a link to port 6666: whoever controls the Host
header chooses where the reader's reset key goes. Each mail link is built here
from the blog's address instead.

Failed sign-ins. allauth counts them (`ACCOUNT_RATE_LIMITS["login_failed"]`) per
address and per "key", and its key is the login alone: five wrong passwords from
anywhere locked the account for five minutes, so anyone could keep a reader or an
author out. Here the key is the login *at the client's address*: a stranger's
guesses use up the stranger's tries, and the owner still signs in from their own
address. The per-address limits still bound how fast one address may guess across
accounts. The address is the blog's one reading of it (`core.client`, which trusts
X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says), so behind a proxy the
limits count clients, not the proxy.
"""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.client import client_ip
from core.site_url import absolute


class AccountAdapter(DefaultAccountAdapter):
    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_account_already_exists_mail(self, email):
        context = {
            "signup_url": absolute(reverse("account_signup")),
            "password_reset_url": absolute(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def send_mail(self, template_prefix, email, context):
        if "signup_url" in context:  # the unknown-account mail builds it from the request
            context = {**context, "signup_url": absolute(reverse("account_signup"))}
        super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request):
        address = client_ip(request)
        if address is None:
            raise PermissionDenied("The client's address cannot be told.")
        return address

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's one name for the key: counting a failure (pre_authenticate) and
        # forgetting them after a password reset both ask for it.
        login = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{login} from {self.get_client_ip(request)}"
