from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared pieces: sanitizer, avatars, the site's address, the page cache, the
    outgoing HTTP client. An app so that its template filters and avatar view load."""

    name = "core"
    verbose_name = "Core"
