from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from blogsite import pagecache

        from . import notifications, pings_out  # noqa: F401  (connect the signal receivers)
        from .models import Comment, DiscussionSettings

        post_save.connect(pagecache.bump_for_comment, sender=Comment)
        post_delete.connect(pagecache.bump, sender=Comment)
        pagecache.watch(DiscussionSettings)
