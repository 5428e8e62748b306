"""What the blog sent (one row per post and page it told that the post links to it), and the
Webmentions it was sent (one row per request, for its status page)."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from posts.models import Post


class OutgoingPing(models.Model):
    """One attempt to tell another site that a post links to it, and how it went.

    There is one row per post and target URL, made before the ping is sent:
    that row is what makes sure no URL is ever pinged twice for the same post.
    A Webmention is sent again when the post's content changes (the target may
    update or remove what it shows), and when the post stops being public or is
    deleted (`outgoing.GONE`: the target finds the source gone and removes it);
    `content` records the version it was last sent for, so that it is never sent
    twice for the same one. A deleted post's Webmention rows stay, without their
    post, to record the last send; `source_url` is the address they were sent from.
    """

    class Kind(models.TextChoices):
        PINGBACK = "pingback", "Pingback"
        TRACKBACK = "trackback", "Trackback"
        WEBMENTION = "webmention", "Webmention"

    class Result(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Accepted"
        NO_SERVER = "no-server", "No Webmention or pingback server"
        FAILED = "failed", "Failed"

    post = models.ForeignKey(
        Post, null=True, blank=True, related_name="outgoing_pings", on_delete=models.SET_NULL
    )
    target_url = models.URLField("target", max_length=1000)
    source_url = models.URLField(
        "source", max_length=1000, blank=True, help_text="The post's address it was sent from."
    )
    kind = models.CharField(max_length=20, choices=Kind)
    endpoint = models.URLField(
        max_length=1000, blank=True, help_text="The pingback server or trackback URL used."
    )
    result = models.CharField(max_length=20, choices=Result, default=Result.SENDING)
    message = models.CharField(max_length=500, blank=True)
    content = models.CharField(
        max_length=64, blank=True, help_text="The post's content this was last sent for (a hash)."
    )
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


def new_token():
    return secrets.token_urlsafe(24)


class IncomingWebmention(models.Model):
    """One Webmention the blog was sent, from its 202 answer to what its verification found.

    The sender is given the address of its status page (`get_absolute_url`), a
    token no one can guess, where it reads whether the Webmention is still
    being verified, held for moderation, shown, removed or refused, and why.
    """

    class Result(models.TextChoices):
        QUEUED = "queued", "Being verified"
        SAVED = "saved", "Verified"
        REMOVED = "removed", "Removed"
        REFUSED = "refused", "Refused"

    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    post = models.ForeignKey(Post, related_name="incoming_webmentions", on_delete=models.CASCADE)
    source = models.URLField(max_length=500)
    target = models.URLField(max_length=1000)
    result = models.CharField(max_length=20, choices=Result, default=Result.QUEUED)
    message = models.CharField(max_length=500, blank=True)
    response = models.ForeignKey(
        Comment, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"Webmention from {self.source}: {self.get_result_display()}"

    def get_absolute_url(self):
        return reverse("pings:webmention-status", kwargs={"token": self.token})

    @property
    def state(self):
        """(pending | accepted | refused | removed, what to tell the sender)."""
        if self.result == self.Result.QUEUED:
            return "pending", "The source is being verified."
        if self.result != self.Result.SAVED:
            return self.result, self.message
        response = self.response
        if response is None:
            return "removed", "The response it made has since been deleted."
        if response.status == Comment.Status.APPROVED:
            return "accepted", "Verified and shown on the post."
        if response.status == Comment.Status.PENDING:
            return "pending", "Verified, and held for moderation."
        return "refused", "Verified, and not shown."

    def finish(self, result, message="", response=None):
        self.result, self.message, self.response = result, message[:500], response
        self.finished = timezone.now()
        self.save(update_fields=["result", "message", "response", "finished"])
