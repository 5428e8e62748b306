"""Mail about comments, sent by background tasks (django.tasks), each mail once.

Moderators hear of held comments, with signed one-click links; the post's
author and confirmed subscribers hear of approved ones; subscribing is double
opt-in and every mail to a subscriber can be cancelled in one click.

A task may run more than once: its worker can die halfway and the task be taken
up again from the start (core/tasks.py), or a comment be announced twice. So
each mail goes to one recipient and is recorded per recipient (MailDelivery):
a run sends only what no run has sent yet, and `send_once()` says how close to
exactly once that comes. Tasks are queued when the transaction that called for
them commits, so a comment whose saving rolls back never mails anyone.
"""

from contextlib import nullcontext
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.site_url import absolute, site_url
from core.tasks import enqueue_on_commit

from .models import Comment, DiscussionSettings, MailDelivery, Subscription
from .signals import comment_status_changed

MODERATION_SALT = "comments.moderate"
SUBSCRIPTION_SALT = "comments.subscription"
MODERATION_LINK_MAX_AGE = 14 * 24 * 3600
MODERATION_ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
}


def moderation_token(comment, action):
    return signing.dumps({"c": comment.pk, "a": action}, salt=MODERATION_SALT)


def read_moderation_token(token):
    data = signing.loads(token, salt=MODERATION_SALT, max_age=MODERATION_LINK_MAX_AGE)
    if data.get("a") not in MODERATION_ACTIONS:
        raise signing.BadSignature("unknown action")
    return data["c"], data["a"]


def signed_link_token(pk, action, *, salt):
    """The token of a signed link in a mail: it names one row and what to do with it."""
    return signing.dumps({"s": pk, "a": action}, salt=salt)


def read_signed_link_token(token, action, *, salt, max_age=None):
    """The row a signed link names; BadSignature (SignatureExpired after `max_age` seconds)
    when it was not made here, for this action."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    if data.get("a") != action:
        raise signing.BadSignature("wrong action")
    return data["s"]


def subscription_token(subscription, action):
    return signed_link_token(subscription.pk, action, salt=SUBSCRIPTION_SALT)


def read_subscription_token(token, action):
    return read_signed_link_token(token, action, salt=SUBSCRIPTION_SALT)


def one_click_unsubscribe(url):
    """The headers that let a mail client unsubscribe in one click (RFC 2369, RFC 8058):
    it POSTs `List-Unsubscribe=One-Click` to `url`, which must act without a CSRF token."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def subscription_url(subscription, action):
    return absolute(
        reverse(
            "comments:subscription",
            kwargs={"action": action, "token": subscription_token(subscription, action)},
        )
    )


def subscribe(post, email):
    """Record a wish to follow a post and ask the address to confirm it.

    Asking again before confirming is a new request, owed a mail of its own.
    """
    subscription, created = Subscription.objects.get_or_create(post=post, email=email.lower())
    if created or not subscription.confirmed:
        if not created:
            subscription.mail_deliveries.filter(
                kind=MailDelivery.Kind.CONFIRMATION, sent_at__isnull=False
            ).delete()
        enqueue_on_commit(send_subscription_confirmation, subscription.pk)


def subscribe_author(comment):
    """The commenter asked to follow the post: unless the comment is spam."""
    if comment.author_email and comment.status != Comment.Status.SPAM:
        subscribe(comment.post, comment.author_email)


@receiver(comment_status_changed)
def on_status_changed(sender, comment, created=False, **kwargs):
    if comment.status == Comment.Status.PENDING and created:
        enqueue_on_commit(notify_moderators, comment.pk)
    elif comment.status == Comment.Status.APPROVED and not comment.approval_announced:
        Comment.objects.filter(pk=comment.pk).update(approval_announced=True)
        comment.approval_announced = True
        enqueue_on_commit(announce_approved, comment.pk)


def send_once(message, kind, *, comment=None, subscription=None):
    """Send `message`, addressed to one recipient, unless a run has sent it; True if this did."""
    delivery, _ = MailDelivery.objects.get_or_create(
        kind=kind, recipient=message.to[0].lower(), comment=comment, subscription=subscription
    )
    return send_recorded(message, delivery)


def send_recorded(message, delivery):
    """Send `message` unless `delivery`, the saved record of it, says a run has; True if this did.

    The recipient's delivery row is made first (its unique constraint keeps it
    one row, however many runs arrive at once), then locked for the sending and
    marked sent in the same transaction, once the mail server has taken the
    message. A second run of the same task meanwhile waits on the lock, then finds
    the mail sent.

    A process that dies before the server has taken the mail leaves the row
    unmarked (its transaction rolls back, its lock goes with its connection):
    the next run sends the mail, so none is lost. One that dies after the server
    took it and before the commit (the SMTP QUIT and one UPDATE: milliseconds)
    leaves it unmarked too, and the next run sends it a second time: delivery is
    at least once, and exactly once outside that moment. The repeat carries the
    first one's Message-ID, by which mail clients can tell it for a copy.

    SQLite locks the whole database for writing, so there the row is not held
    across the sending (it would hold up every request that writes): runs one
    after another still send each mail once, but two runs at the same moment
    (two workers, one of them running a task taken from a worker presumed dead)
    can both send it.
    """
    holds_the_row = connection.features.has_select_for_update
    with transaction.atomic() if holds_the_row else nullcontext():
        delivery = type(delivery).objects.select_for_update().filter(pk=delivery.pk).first()
        # Gone: a new request for the same confirmation dropped it; its own run sends it.
        if delivery is None or delivery.sent_at is not None:
            return False
        message.extra_headers["Message-ID"] = message_id(delivery)
        message.send()
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
    return True


def message_id(delivery):
    """The same for every attempt at one delivery, and for no other mail."""
    domain = urlsplit(site_url()).hostname or "localhost"
    return f"<{delivery.created:%Y%m%d%H%M%S}.{delivery.pk}.{delivery.kind}@{domain}>"


@task
def notify_moderators(comment_id):
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None or not DiscussionSettings.load().notify_moderators:
        return 0
    User = get_user_model()
    moderators = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename="moderate_comment")
            | Q(groups__permissions__codename="moderate_comment")
        )
        .distinct()
    )
    recipients = [u.email for u in moderators]
    if not recipients:
        return 0
    links = {
        action: absolute(
            reverse("comments:moderate", kwargs={"token": moderation_token(comment, action)})
        )
        for action in MODERATION_ACTIONS
    }
    body = render_to_string(
        "comments/mail/moderate.txt",
        {
            "comment": comment,
            "links": links,
            "post_url": absolute(comment.post.get_absolute_url()),
            "queue_url": absolute(reverse("admin:comments_comment_changelist")),
        },
    )
    subject = f"[{settings.BLOG_TITLE}] Please moderate: “{comment.post.title}”"
    return sum(
        send_once(
            EmailMessage(subject, body, to=[email]), MailDelivery.Kind.MODERATION, comment=comment
        )
        for email in recipients
    )


@task
def announce_approved(comment_id):
    """Tell the post's author and the post's confirmed subscribers about a new comment."""
    comment = Comment.objects.select_related("post__author").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.APPROVED:
        return 0
    post = comment.post
    sent = 0
    commenter = (comment.author_email or "").lower()
    author_email = (post.author.email or "").lower()
    if (
        DiscussionSettings.load().notify_post_author
        and author_email
        and author_email != commenter
        and comment.user_id != post.author_id
    ):
        message = EmailMessage(
            f"[{settings.BLOG_TITLE}] Comment: “{post.title}”",
            render_to_string(
                "comments/mail/new_comment.txt",
                {"comment": comment, "post_url": absolute(comment.get_absolute_url())},
            ),
            to=[post.author.email],
        )
        sent += send_once(message, MailDelivery.Kind.POST_AUTHOR, comment=comment)
    for subscription in post.subscriptions.filter(confirmed=True).exclude(
        email__in=[commenter, author_email]
    ):
        unsubscribe = subscription_url(subscription, "unsubscribe")
        message = EmailMessage(
            f"[{settings.BLOG_TITLE}] New comment on “{post.title}”",
            render_to_string(
                "comments/mail/subscriber.txt",
                {
                    "comment": comment,
                    "post_url": absolute(comment.get_absolute_url()),
                    "unsubscribe_url": unsubscribe,
                },
            ),
            to=[subscription.email],
            headers=one_click_unsubscribe(unsubscribe),
        )
        sent += send_once(message, MailDelivery.Kind.SUBSCRIBER, comment=comment)
    return sent


@task
def send_subscription_confirmation(subscription_id):
    subscription = Subscription.objects.select_related("post").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed:
        return 0
    unsubscribe = subscription_url(subscription, "unsubscribe")
    message = EmailMessage(
        f"[{settings.BLOG_TITLE}] Confirm your subscription to “{subscription.post.title}”",
        render_to_string(
            "comments/mail/confirm_subscription.txt",
            {
                "subscription": subscription,
                "confirm_url": subscription_url(subscription, "confirm"),
                "unsubscribe_url": unsubscribe,
                "post_url": absolute(subscription.post.get_absolute_url()),
            },
        ),
        to=[subscription.email],
        headers=one_click_unsubscribe(unsubscribe),
    )
    return int(send_once(message, MailDelivery.Kind.CONFIRMATION, subscription=subscription))
