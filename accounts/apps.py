from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Glue between django-allauth's reader accounts and the blog."""

    name = "accounts"
    verbose_name = "Reader accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from posts.likes import finish_pending_like

        # A guest who pressed Like and then signed in finds the post liked.
        user_logged_in.connect(finish_pending_like, dispatch_uid="likes-finish-pending")

        from allauth.socialaccount.models import SocialApp

        from blogsite import pagecache

        # The comment form shows one sign-in icon per configured provider.
        pagecache.watch(SocialApp)
