from django.apps import AppConfig


class LikesConfig(AppConfig):
    name = "likes"
    verbose_name = "Likes"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in

        from core import pagecache

        from . import template_globals  # noqa: F401  (what the public templates call)
        from .models import Like
        from .pending import finish_pending_like

        # A guest who pressed Like and then signed in finds the post liked.
        user_logged_in.connect(finish_pending_like, dispatch_uid="likes-finish-pending")
        # A like shows on its post's page and cards; a liker's name in its likes list.
        pagecache.watch(Like, keys=lambda like: [f"likes:{like.post_id}"])
        pagecache.watch(get_user_model(), keys=liked_posts_keys)


def liked_posts_keys(user):
    return [f"likes:{pk}" for pk in user.likes.values_list("post_id", flat=True)] if user.pk else []
