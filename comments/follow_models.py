"""Followers of the blog (Jetpack Subscriptions): who gets new posts by mail, and what was sent.

A post is mailed once in its life: `FollowMailing` is made when the post is first saved
as published (or scheduled) and marked `listed_at` when its recipients are written down,
one `FollowDelivery` per confirmed follower. Editing or re-publishing the post finds the
mailing there and sends nothing; a follower who joins later is not owed it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from posts.models import Post


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        """The one definition of a follower who is sent new posts."""
        return self.filter(status=Follower.Status.CONFIRMED)

    def counts(self):
        """{status: how many} for every status, in one query."""
        found = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: found.get(status, 0) for status in Follower.Status.values}


class Follower(models.Model):
    """An address that follows the blog's new posts (double opt-in, one-click unsubscribe)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(max_length=254, unique=True, help_text="Lower case.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="follows",
        on_delete=models.SET_NULL,
        help_text="The reader account that followed, when signed in.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "created"])]

    def __str__(self):
        return self.email

    def confirm(self):
        self.status = Follower.Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        self.status = Follower.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])


class FollowMailing(models.Model):
    """A post's one mailing to the followers: made when the post is published or scheduled."""

    post = models.OneToOneField(Post, related_name="follow_mailing", on_delete=models.CASCADE)
    created = models.DateTimeField(default=timezone.now)
    listed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the followers owed this post were written down."
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["listed_at"], condition=Q(listed_at__isnull=True), name="mailing_to_list"
            )
        ]

    def __str__(self):
        return f"Mailing of {self.post}"


class FollowDelivery(models.Model):
    """One mail to one follower, recorded so that no run of a task sends it twice
    (the protocol is `notifications.send_recorded`)."""

    class Kind(models.TextChoices):
        CONFIRMATION = "follow_confirmation", "Follow to confirm"
        NEW_POST = "new_post", "New post, to a follower"

    kind = models.CharField(max_length=20, choices=Kind)
    follower = models.ForeignKey(Follower, related_name="deliveries", on_delete=models.CASCADE)
    post = models.ForeignKey(
        Post, null=True, blank=True, related_name="follow_deliveries", on_delete=models.CASCADE
    )
    recipient = models.EmailField(max_length=254, help_text="Lower case.")
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "post"],
                condition=Q(post__isnull=False),
                name="one_post_mail_per_follower",
            ),
            models.UniqueConstraint(
                fields=["follower", "kind"],
                condition=Q(post__isnull=True),
                name="one_follow_confirmation_per_follower",
            ),
            models.CheckConstraint(
                condition=Q(kind="new_post", post__isnull=False)
                | Q(kind="follow_confirmation", post__isnull=True),
                name="post_mail_names_its_post",
            ),
        ]
        indexes = [models.Index(fields=["post", "sent_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient}"
