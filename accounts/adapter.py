"""Account mails link to SITE_URL, never to the host a request named.

allauth builds the links in its mails from the request (`build_absolute_uri`),
so a password-reset request sent with `Host: 127.0.0.1:6666` would mail a link
to port 6666: whoever controls the Host header chooses where the reader's
reset key goes. Each mail link is built here from the blog's address instead.
"""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

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
