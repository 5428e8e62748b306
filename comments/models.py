"""Responses to a post: comments, trackbacks, pingbacks and Webmentions, and the rules that
govern them."""

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from posts.models import Post

from . import rendering
from .signals import comment_status_changed


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """The one definition of a response the public may see."""
        return self.filter(status=Comment.Status.APPROVED)

    def comments(self):
        return self.filter(kind=Comment.Kind.COMMENT)

    def pings(self):
        return self.exclude(kind=Comment.Kind.COMMENT)

    def conversation(self):
        """What a post page threads as comments: comments, and Webmentions that are replies."""
        return self.filter(
            Q(kind=Comment.Kind.COMMENT)
            | Q(kind=Comment.Kind.WEBMENTION, webmention_type=Comment.WebmentionType.REPLY)
        )

    def in_feeds(self):
        """What comment feeds carry, as WordPress's do: comments, pings and Webmentions,
        but not likes and reposts, which are counts rather than entries."""
        return self.exclude(kind=Comment.Kind.WEBMENTION, webmention_type__in=Comment.REACTIONS)

    def reactions(self):
        """Likes and reposts sent by Webmention: counted apart, never listed."""
        return self.filter(kind=Comment.Kind.WEBMENTION, webmention_type__in=Comment.REACTIONS)

    def for_page(self, post, *, newest_first=False):
        """Everything a post page lists, in one query, as rows of `PAGE_FIELDS` (not model
        instances: the page shows each one's stored HTML); the tree is built in Python."""
        order = "-created" if newest_first else "created"
        return (
            self.filter(post=post)
            .approved()
            .order_by(order, "pk" if not newest_first else "-pk")
            .values(*Comment.PAGE_FIELDS)
        )

    def status_counts(self):
        """Comments per status, and "all" as WordPress counts it (neither spam nor trash)."""
        Status = Comment.Status
        return self.aggregate(
            all=Count("pk", filter=~Q(status__in=[Status.SPAM, Status.TRASH])),
            **{s.value: Count("pk", filter=Q(status=s.value)) for s in Status},
        )

    def set_status(self, status, *, reason=""):
        """Change the status of each comment, keeping post counters exact."""
        comments = list(self.select_related("post"))
        for comment in comments:
            comment.set_status(status, reason=reason, refresh_count=False)
        Comment.refresh_counts({c.post_id for c in comments})
        return len(comments)


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        TRACKBACK = "trackback", "Trackback"
        PINGBACK = "pingback", "Pingback"
        WEBMENTION = "webmention", "Webmention"

    class WebmentionType(models.TextChoices):
        """What a Webmention's source is, as its microformats say (W3C Post Type Discovery)."""

        REPLY = "reply", "Reply"
        LIKE = "like", "Like"
        REPOST = "repost", "Repost"
        MENTION = "mention", "Mention"

    # Counted apart from the replies and mentions, as "liked this elsewhere".
    REACTIONS = (WebmentionType.LIKE, WebmentionType.REPOST)

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    post = models.ForeignKey(Post, related_name="comments", on_delete=models.CASCADE)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="replies", on_delete=models.SET_NULL
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.COMMENT)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    moderation_reason = models.CharField(
        "why", max_length=300, blank=True, help_text="What the moderation rules decided, and why."
    )
    author_name = models.CharField("name", max_length=100)
    author_email = models.EmailField("email", max_length=200, blank=True)
    author_url = models.URLField("website", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="comments",
        on_delete=models.SET_NULL,
    )
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    body = models.TextField("comment")
    created = models.DateTimeField(default=timezone.now, db_index=True)
    status_changed = models.DateTimeField(default=timezone.now)
    wp_id = models.PositiveBigIntegerField(
        "WordPress comment id", null=True, blank=True, db_index=True, editable=False
    )
    approval_announced = models.BooleanField(
        default=False, editable=False, help_text="Subscribers and the author were told once."
    )
    source_url = models.URLField(
        "source",
        max_length=500,
        blank=True,
        help_text="The page that sent this Webmention: a new one from it updates this response.",
    )
    webmention_type = models.CharField(
        "Webmention type", max_length=20, choices=WebmentionType, blank=True
    )
    author_photo = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The author's picture as kept in the blog's storage (never hotlinked).",
    )

    html = models.TextField(
        "HTML", blank=True, editable=False, help_text="As the post page lists it; made on save."
    )
    html_version = models.CharField(
        max_length=16,
        blank=True,
        editable=False,
        help_text="What the HTML was made with; another version is made again when read.",
    )

    # What a post page reads of each response (`for_page`).
    PAGE_FIELDS = (
        "pk", "parent_id", "kind", "webmention_type", "status", "user_id", "created",
        "author_name", "html", "html_version",
    )  # fmt: skip

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["post", "status", "created"]),
            models.Index(fields=["status", "status_changed"]),
            models.Index(fields=["ip", "created"]),
        ]
        permissions = [("moderate_comment", "Can approve, hold, spam and trash comments")]

    def __str__(self):
        return f"{self.author_name} on {self.post}"

    def save(self, *args, **kwargs):
        """Keep the stored HTML in step with whatever this save changes (status, text, author).
        A new comment's HTML names its id, so it is stored just after the row is made."""
        if self.pk is None:
            super().save(*args, **kwargs)
            rendering.render(self)
            Comment.objects.filter(pk=self.pk).update(
                html=self.html, html_version=self.html_version
            )
            return
        rendering.render(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "html", "html_version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A short link that finds the comment's page only when it is followed."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def is_conversation(self):
        """In Python, what `CommentQuerySet.conversation()` selects (for a list in hand)."""
        return Comment.is_conversation_kind(self.kind, self.webmention_type)

    @staticmethod
    def is_conversation_kind(kind, webmention_type):
        """A comment, or a Webmention that replies: for rows read with `values()` too."""
        return kind == Comment.Kind.COMMENT or (
            kind == Comment.Kind.WEBMENTION and webmention_type == Comment.WebmentionType.REPLY
        )

    @admin.display(description="kind", ordering="kind")
    def kind_label(self):
        """The kind, with what a Webmention is: "Webmention (like)"."""
        if self.kind == Comment.Kind.WEBMENTION and self.webmention_type:
            return f"{self.get_kind_display()} ({self.get_webmention_type_display().lower()})"
        return self.get_kind_display()

    def url_on_post_page(self):
        page = self.page_number()
        query = f"?cpage={page}" if page > 1 else ""
        return f"{self.post.get_absolute_url()}{query}#comment-{self.pk}"

    def page_number(self, rules=None):
        """The comment page of the post that shows this comment's thread."""
        rules = rules or DiscussionSettings.load()
        root = self
        while root.parent_id:
            parent = Comment.objects.filter(pk=root.parent_id).first()
            if parent is None or parent.status != Comment.Status.APPROVED:
                break
            root = parent
        newer = rules.newest_first
        earlier = Q(created__gt=root.created) if newer else Q(created__lt=root.created)
        shown_roots_before = (
            Comment.objects.filter(post_id=self.post_id)
            .approved()
            .conversation()
            .filter(Q(parent__isnull=True) | ~Q(parent__status=Comment.Status.APPROVED))
            .filter(earlier)
            .count()
        )
        return shown_roots_before // max(rules.comments_per_page, 1) + 1

    def set_status(self, status, *, reason="", refresh_count=True):
        if status == self.status:
            return
        self.status = status
        self.status_changed = timezone.now()
        if reason:
            self.moderation_reason = reason
        self.save(update_fields=["status", "status_changed", "moderation_reason"])
        if refresh_count:
            Comment.refresh_counts({self.post_id})
        comment_status_changed.send(sender=Comment, comment=self)

    @staticmethod
    def refresh_counts(post_ids):
        """Recount approved comments for these posts: exact, whatever happened before.

        The posts' rows are locked first, so that of two transactions adding a
        comment each, the second counts after the first has committed and sees
        both (a count taken in the same statement as the update would not).
        """
        if not post_ids:
            return
        approved = (
            Comment.objects.filter(post=OuterRef("pk"))
            .approved()
            .conversation()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        with transaction.atomic():
            Post.entries.lock(post_ids)
            Post.entries.filter(pk__in=post_ids).update(
                comment_count=Coalesce(Subquery(approved), 0)
            )


class DiscussionSettings(models.Model):
    """The site's comment rules, as on WordPress's Settings › Discussion screen."""

    CACHE_KEY = "discussion-settings"

    class Order(models.TextChoices):
        OLDEST = "oldest", "Older comments at the top"
        NEWEST = "newest", "Newer comments at the top"

    comments_must_be_approved = models.BooleanField(
        "comment must be manually approved", default=False
    )
    require_previous_approval = models.BooleanField(
        "comment author must have a previously approved comment", default=True
    )
    links_before_hold = models.PositiveSmallIntegerField(
        "hold a comment if it contains more than this many links", default=2
    )
    moderation_words = models.TextField(
        blank=True,
        help_text="One word, phrase or IP per line. A comment containing any of them in its "
        "content, author name, URL, email, IP address or browser's user agent is held.",
    )
    block_words = models.TextField(
        "disallowed comment keys",
        blank=True,
        help_text="One word, phrase or IP per line. A comment containing any of them is "
        "marked as spam.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        "close comments on posts older than (days)",
        default=0,
        help_text="0 keeps comments open for ever.",
    )
    thread_depth = models.PositiveSmallIntegerField(
        "nested comments levels deep", default=5, help_text="1 turns threading off."
    )
    comments_per_page = models.PositiveSmallIntegerField("top level comments per page", default=50)
    order = models.CharField(max_length=10, choices=Order, default=Order.OLDEST)
    notify_moderators = models.BooleanField(
        "email moderators when a comment is held for moderation", default=True
    )
    notify_post_author = models.BooleanField(
        "email the post's author when anyone posts a comment", default=True
    )

    class Meta:
        verbose_name = "discussion settings"
        verbose_name_plural = "discussion settings"

    def __str__(self):
        return "Discussion settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        """The one row of settings, from the cache when it can."""
        current = cache.get(cls.CACHE_KEY)
        if current is None:
            current, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, current, 300)
        return current

    @property
    def newest_first(self):
        """Whether posts list their comments newest first (WordPress's "newer comments at
        the top")."""
        return self.order == DiscussionSettings.Order.NEWEST

    def words(self, field):
        return [w.strip().lower() for w in getattr(self, field).splitlines() if w.strip()]

    def closes_comments(self, post):
        if not post.comments_open:
            return True
        return self._too_old(post)

    def closes_pings(self, post):
        """Trackbacks, pingbacks and Webmentions follow the post's own switch and the same
        age limit."""
        if not post.pings_open:
            return True
        return self._too_old(post)

    def comments_close_at(self, post):
        """When the age limit closes this post's comments, or None (no limit)."""
        if not self.close_after_days or not post.published_at:
            return None
        return post.published_at + timezone.timedelta(days=self.close_after_days)

    def _too_old(self, post):
        if self.close_after_days:
            return post.published_at < timezone.now() - timezone.timedelta(
                days=self.close_after_days
            )
        return False


class Subscription(models.Model):
    """An email address that follows a post's new comments (double opt-in)."""

    post = models.ForeignKey(Post, related_name="subscriptions", on_delete=models.CASCADE)
    email = models.EmailField(max_length=200)
    confirmed = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "email"], name="one_subscription_per_post")
        ]

    def __str__(self):
        return f"{self.email} → {self.post}"


@receiver(post_delete, sender=Comment)
def recount_after_delete(sender, instance, origin=None, **kwargs):
    deleting_posts = getattr(origin, "model", type(origin)) is Post
    if not deleting_posts:
        Comment.refresh_counts({instance.post_id})


def approved_comment_exists(name, email):
    return (
        Comment.objects.approved()
        .filter(Q(author_email__iexact=email) & Q(author_name=name))
        .exists()
    )


class MailDelivery(models.Model):
    """One mail about comments to one recipient, recorded so that no run of a task sends it twice.

    A task that mails may run more than once (its worker died and the task was
    taken up again; the same comment was announced twice): each run sends only
    the mails that have no `sent_at` yet. The row is created before its mail is
    sent and marked once the mail server has accepted it; comments/notifications.py
    (`send_once`) holds the protocol and the one moment it cannot cover.
    """

    class Kind(models.TextChoices):
        MODERATION = "moderation", "Held comment, to a moderator"
        POST_AUTHOR = "post_author", "Approved comment, to the post's author"
        SUBSCRIBER = "subscriber", "Approved comment, to a subscriber"
        CONFIRMATION = "confirmation", "Subscription to confirm"

    kind = models.CharField(max_length=20, choices=Kind)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, related_name="mail_deliveries", on_delete=models.CASCADE
    )
    subscription = models.ForeignKey(
        Subscription,
        null=True,
        blank=True,
        related_name="mail_deliveries",
        on_delete=models.CASCADE,
    )
    recipient = models.EmailField(max_length=254, help_text="Lower case.")
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "kind", "recipient"],
                condition=Q(comment__isnull=False),
                name="one_comment_mail_per_recipient",
            ),
            models.UniqueConstraint(
                fields=["subscription", "kind", "recipient"],
                condition=Q(subscription__isnull=False),
                name="one_subscription_mail_per_recipient",
            ),
            models.CheckConstraint(
                condition=Q(comment__isnull=False, subscription__isnull=True)
                | Q(comment__isnull=True, subscription__isnull=False),
                name="mail_about_a_comment_or_a_subscription",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient}"


class CommentRevision(models.Model):
    """A comment's text before its author edited it, kept for the moderators."""

    comment = models.ForeignKey(Comment, related_name="revisions", on_delete=models.CASCADE)
    body = models.TextField("previous text")
    status = models.CharField(max_length=20, choices=Comment.Status)
    edited = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-edited", "-pk"]

    def __str__(self):
        return f"{self.comment} before {self.edited:%Y-%m-%d %H:%M}"


# Followers of the whole blog live in a module of their own; imported here so Django finds them.
from .follow_models import FollowDelivery, Follower, FollowMailing  # noqa: E402, F401
