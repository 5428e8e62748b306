from django.apps import AppConfig


class IndieAuthSignInConfig(AppConfig):
    """The IndieAuth provider, an app of its own as allauth's providers are."""

    name = "accounts.providers.indieauth"
    label = "indieauth"
    verbose_name = "IndieAuth sign-in"
