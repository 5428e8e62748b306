from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import pagecache
        from posts import dashboard, widgets

        # follows and notifications connect their signal receivers; template_globals is
        # what the public templates call (core/templating.py).
        from . import dashboard as comments_dashboard
        from . import follows, notifications, template_globals  # noqa: F401
        from .models import Comment, DiscussionSettings

        post_save.connect(comment_saved, sender=Comment, dispatch_uid="pagecache-comment")
        post_delete.connect(comment_gone, sender=Comment, dispatch_uid="pagecache-comment-gone")
        pagecache.watch(DiscussionSettings, keys=lambda rules: ["settings"])
        widgets.add_widget("comments/_follow_widget.html")
        widgets.add_post_end("comments/_follow_post_end.html")
        dashboard.add_glance(comments_dashboard.glance)
        dashboard.add_activity(comments_dashboard.recent_comments)


def comment_keys(comment):
    """The pages that show a post's comments and pings, and the site's comments feed."""
    return [f"comments:{comment.post_id}", "comments"]


def comment_saved(sender, instance, created=False, **kwargs):
    """A new held or spam comment changes no public page; anything else about one may."""
    from core import pagecache

    if created and instance.status != instance.Status.APPROVED:
        return
    pagecache.changed(*comment_keys(instance))


def comment_gone(sender, instance, **kwargs):
    from core import pagecache

    pagecache.changed(*comment_keys(instance))
