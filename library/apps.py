from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """What posts are made of besides text: embeds of other sites' media (oEmbed in)."""

    name = "library"
    verbose_name = "Library"
