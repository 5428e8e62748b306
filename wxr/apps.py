from django.apps import AppConfig


class WxrConfig(AppConfig):
    """WordPress import and export (WXR): `manage.py import_wxr`, `manage.py export_wxr`."""

    name = "wxr"
    verbose_name = "WordPress import and export"
