from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared pieces: sanitizer, avatars, the site's address, the page cache, the
    outgoing HTTP client. An app so that its templates and avatar view load."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import template_globals  # noqa: F401  (registers the public templates' globals)
