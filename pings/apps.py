from django.apps import AppConfig


class PingsConfig(AppConfig):
    """Trackbacks and pingbacks in (as comments of their kind) and out (OutgoingPing)."""

    name = "pings"
    verbose_name = "Pings"

    def ready(self):
        from . import outgoing  # noqa: F401  (connects the publishing receiver)
