from django.apps import AppConfig


class MastodonSignInConfig(AppConfig):
    """The Mastodon provider is an app of its own: it keeps one registration per instance."""

    name = "accounts.providers.mastodon"
    label = "mastodon"
    verbose_name = "Mastodon sign-in"
