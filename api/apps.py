from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "APIs for other tools"

    def ready(self):
        from . import xmlrpc

        xmlrpc.register()
