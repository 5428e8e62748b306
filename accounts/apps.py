from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Glue between django-allauth's reader accounts and the blog."""

    name = "accounts"
    verbose_name = "Reader accounts"

    def ready(self):
        from allauth.account.signals import user_logged_in
        from allauth.socialaccount.models import SocialApp
        from allauth.socialaccount.signals import social_account_added

        from comments.signals import comment_will_be_posted
        from core import pagecache

        from .identity import link_to_profile, remember_avatar

        # The comment form shows one sign-in icon per configured provider.
        pagecache.watch(SocialApp)
        # A social account's picture is kept here from its first sign-in (avatars.py).
        user_logged_in.connect(remember_avatar, dispatch_uid="accounts-avatar-on-sign-in")
        social_account_added.connect(remember_avatar, dispatch_uid="accounts-avatar-on-connect")
        # A comment posted signed in links to the reader's profile there.
        comment_will_be_posted.connect(link_to_profile, dispatch_uid="accounts-comment-profile")
