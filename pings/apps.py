from django.apps import AppConfig


class PingsConfig(AppConfig):
    """Trackbacks, pingbacks and Webmentions in (as comments of their kind) and out
    (OutgoingPing)."""

    name = "pings"
    verbose_name = "Pings"

    def ready(self):
        from core import pagecache

        from . import outgoing, pingback  # noqa: F401  (outgoing connects the publishing receiver)
        from .models import IncomingWebmention

        # A Webmention's status page changes as its verification goes.
        pagecache.watch(IncomingWebmention)
        pingback.register()
