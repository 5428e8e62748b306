"""What the blog sent: one row per post and page it told that the post links to it."""

from django.db import models
from django.utils import timezone

from posts.models import Post


class OutgoingPing(models.Model):
    """One attempt to tell another site that a post links to it, and how it went.

    There is one row per post and target URL, made before the ping is sent:
    that row is what makes sure no URL is ever pinged twice for the same post.
    """

    class Kind(models.TextChoices):
        PINGBACK = "pingback", "Pingback"
        TRACKBACK = "trackback", "Trackback"

    class Result(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Accepted"
        NO_SERVER = "no-server", "No pingback server"
        FAILED = "failed", "Failed"

    post = models.ForeignKey(Post, related_name="outgoing_pings", on_delete=models.CASCADE)
    target_url = models.URLField("target", max_length=1000)
    kind = models.CharField(max_length=20, choices=Kind)
    endpoint = models.URLField(
        max_length=1000, blank=True, help_text="The pingback server or trackback URL used."
    )
    result = models.CharField(max_length=20, choices=Result, default=Result.SENDING)
    message = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "target_url"], name="one_outgoing_ping_per_post_and_target"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.target_url}: {self.get_result_display()}"
