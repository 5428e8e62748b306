from django.apps import AppConfig


class PingsConfig(AppConfig):
    """Trackbacks, pingbacks and Webmentions in (as comments of their kind) and out
    (OutgoingPing)."""

    name = "pings"
    verbose_name = "Pings"

    def ready(self):
        from core import pagecache

        # outgoing connects the publishing receiver; template_globals, what templates call.
        from . import outgoing, pingback, template_globals  # noqa: F401
        from .models import IncomingWebmention

        # A Webmention's status page changes as its verification goes.
        pagecache.watch(IncomingWebmention)
        pingback.register()
