from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Glue between django-allauth's reader accounts and the blog."""

    name = "accounts"
    verbose_name = "Reader accounts"

    def ready(self):
        from allauth.socialaccount.models import SocialApp

        from core import pagecache

        # The comment form shows one sign-in icon per configured provider.
        pagecache.watch(SocialApp)
