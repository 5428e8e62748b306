"""Mail about comments, sent by background tasks (django.tasks).

Moderators hear of held comments, with signed one-click links; the post's
author and confirmed subscribers hear of approved ones; subscribing is double
opt-in and every mail to a subscriber can be cancelled in one click.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Q
from django.dispatch import receiver
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from core.site_url import absolute

from .models import Comment, DiscussionSettings, Subscription
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


def subscription_token(subscription, action):
    return signing.dumps({"s": subscription.pk, "a": action}, salt=SUBSCRIPTION_SALT)


def read_subscription_token(token, action):
    data = signing.loads(token, salt=SUBSCRIPTION_SALT)
    if data.get("a") != action:
        raise signing.BadSignature("wrong action")
    return data["s"]


def subscription_url(subscription, action):
    return absolute(
        reverse(
            "comments:subscription",
            kwargs={"action": action, "token": subscription_token(subscription, action)},
        )
    )


def subscribe(post, email):
    """Record a wish to follow a post and ask the address to confirm it."""
    subscription, created = Subscription.objects.get_or_create(post=post, email=email.lower())
    if created or not subscription.confirmed:
        send_subscription_confirmation.enqueue(subscription.pk)


def subscribe_author(comment):
    """The commenter asked to follow the post: unless the comment is spam."""
    if comment.author_email and comment.status != Comment.Status.SPAM:
        subscribe(comment.post, comment.author_email)


@receiver(comment_status_changed)
def on_status_changed(sender, comment, created=False, **kwargs):
    if comment.status == Comment.Status.PENDING and created:
        notify_moderators.enqueue(comment.pk)
    elif comment.status == Comment.Status.APPROVED and not comment.approval_announced:
        Comment.objects.filter(pk=comment.pk).update(approval_announced=True)
        comment.approval_announced = True
        announce_approved.enqueue(comment.pk)


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
    EmailMessage(
        f"[{settings.BLOG_TITLE}] Please moderate: “{comment.post.title}”",
        body,
        to=recipients,
    ).send()
    return len(recipients)


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
        EmailMessage(
            f"[{settings.BLOG_TITLE}] Comment: “{post.title}”",
            render_to_string(
                "comments/mail/new_comment.txt",
                {"comment": comment, "post_url": absolute(comment.get_absolute_url())},
            ),
            to=[post.author.email],
        ).send()
        sent += 1
    for subscription in post.subscriptions.filter(confirmed=True).exclude(
        email__in=[commenter, author_email]
    ):
        unsubscribe = subscription_url(subscription, "unsubscribe")
        EmailMessage(
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
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()
        sent += 1
    return sent


@task
def send_subscription_confirmation(subscription_id):
    subscription = Subscription.objects.select_related("post").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed:
        return 0
    unsubscribe = subscription_url(subscription, "unsubscribe")
    EmailMessage(
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
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
    return 1
