from django.apps import AppConfig


class LikesConfig(AppConfig):
    name = "likes"
    verbose_name = "Likes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core import pagecache

        from .models import Like
        from .pending import finish_pending_like

        # A guest who pressed Like and then signed in finds the post liked.
        user_logged_in.connect(finish_pending_like, dispatch_uid="likes-finish-pending")
        pagecache.watch(Like)
