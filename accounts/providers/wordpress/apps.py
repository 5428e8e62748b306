from django.apps import AppConfig


class WordPressConfig(AppConfig):
    """Sign in with WordPress.com: a django-allauth provider of the blog's own."""

    name = "accounts.providers.wordpress"
    label = "accounts_wordpress"
    verbose_name = "WordPress.com sign-in"
