"""Following the blog: double opt-in, one-click unsubscribe, and each new post mailed once.

Following is the comment subscriptions' protocol applied to the whole blog
(comments/notifications.py): the same signed links, the same one-click unsubscribe
headers, the same record per recipient (`send_recorded`).

A post goes out when it is first public. Saving it as published makes its
`FollowMailing`; saving it public, or the task worker's periodic duty once a
scheduled post's time has come, writes down its recipients (`list_recipients`):
one FollowDelivery per confirmed follower and the tasks that mail them in
batches, all in one transaction, so that a worker killed at any point either
left nothing or left every batch queued. Each batch task may run again (a dead
worker's task is taken up anew) and sends only what no run has sent.
"""

from itertools import batched

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from core.ratelimit import allow
from core.site_url import absolute
from core.tasks import enqueue_on_commit, worker_duty
from posts.models import Kind, Post

from . import follow_mail
from .follow_models import FollowDelivery, Follower, FollowMailing
from .notifications import read_signed_link_token, send_recorded, signed_link_token

FOLLOW_SALT = "comments.follow"
ACTIONS = ("confirm", "unsubscribe")
# A confirmation link works for a week; an unsubscribe link in any mail, for ever.
CONFIRM_LINK_MAX_AGE = 7 * 24 * 3600
# Confirmation mails one address may be sent in a day, however often it is typed in.
CONFIRMATIONS_PER_DAY = 3


class TooManyConfirmations(Exception):
    """The address has been sent its confirmation often enough today."""


def follow_url(follower, action):
    token = signed_link_token(follower.pk, action, salt=FOLLOW_SALT)
    return absolute(reverse("comments:follow-link", kwargs={"action": action, "token": token}))


def read_follow_token(token, action):
    """The follower a link names; BadSignature if forged, SignatureExpired if too old."""
    max_age = CONFIRM_LINK_MAX_AGE if action == "confirm" else None
    return read_signed_link_token(token, action, salt=FOLLOW_SALT, max_age=max_age)


def follow(email, *, user=None):
    """Record a wish to follow the blog and ask the address to confirm it.

    A follower already confirmed stays so, and is sent nothing. Asking again while
    pending (or after unsubscribing) is a new request, owed a confirmation of its
    own, up to CONFIRMATIONS_PER_DAY a day.
    """
    email = email.strip().lower()
    follower, _ = Follower.objects.get_or_create(email=email, defaults={"user": user})
    if follower.status == Follower.Status.CONFIRMED:
        return follower
    if not allow("follow-confirmation", email, limit=CONFIRMATIONS_PER_DAY, period=24 * 3600):
        raise TooManyConfirmations(email)
    Follower.objects.filter(pk=follower.pk).update(status=Follower.Status.PENDING)
    follower.status = Follower.Status.PENDING
    follower.deliveries.filter(kind=FollowDelivery.Kind.CONFIRMATION).delete()
    enqueue_on_commit(send_follow_confirmation, follower.pk)
    return follower


def follow_signed_in(user):
    """One click for a signed-in reader: confirmed at once when the account's address is
    verified, else confirmed through the same mail as a guest."""
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()
    if not verified:
        return follow(user.email, user=user)
    follower, _ = Follower.objects.get_or_create(email=user.email.lower(), defaults={"user": user})
    if follower.status != Follower.Status.CONFIRMED:
        follower.user = user
        follower.save(update_fields=["user"])
        follower.confirm()
    return follower


def following(user):
    """Whether this signed-in reader's address follows the blog."""
    return Follower.objects.confirmed().filter(email=user.email.lower()).exists()


@task
def send_follow_confirmation(follower_id):
    follower = Follower.objects.filter(pk=follower_id, status=Follower.Status.PENDING).first()
    if follower is None:
        return 0
    delivery, _ = FollowDelivery.objects.get_or_create(
        kind=FollowDelivery.Kind.CONFIRMATION, follower=follower, recipient=follower.email
    )
    message = follow_mail.confirmation(
        follower, follow_url(follower, "confirm"), follow_url(follower, "unsubscribe")
    )
    return int(send_recorded(message, delivery))


# A post goes out


# Saves that touch neither cannot publish a post (an import adding a featured image).
PUBLISHING_FIELDS = {"status", "published_at"}


@receiver(pre_save, sender=Post, dispatch_uid="follow-mailing-before")
def note_whether_public_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or instance.status != Post.Status.PUBLISHED:
        return
    if update_fields is not None and not PUBLISHING_FIELDS & set(update_fields):
        return
    instance._was_public = Post.objects.published().filter(pk=instance.pk).exists()


@receiver(post_save, sender=Post, dispatch_uid="follow-mailing")
def mailing_for_published_post(sender, instance, raw=False, update_fields=None, **kwargs):
    """A post saved as published (now or scheduled) is owed one mailing, once in its life.

    A post that was public already without one (bulk-imported, so never saved here)
    went out before: it is owed nothing.
    """
    if raw or instance.status != Post.Status.PUBLISHED or instance.kind != Kind.POST:
        return
    if update_fields is not None and not PUBLISHING_FIELDS & set(update_fields):
        return
    out_before = getattr(instance, "_was_public", False)
    mailing, _ = FollowMailing.objects.get_or_create(
        post=instance, defaults={"listed_at": timezone.now() if out_before else None}
    )
    if mailing.listed_at is None and instance.is_published:
        enqueue_on_commit(announce_post, instance.pk)


@task
def announce_post(post_id):
    return list_recipients(post_id)


def list_recipients(post_id):
    """Write down the followers owed a public post and queue the batches that mail them;
    how many. Nothing if they were written down already or the post is not public.

    The batch tasks are queued inside this transaction (the database task backend
    writes them as rows of it): they exist if and only if the list does.
    """
    with transaction.atomic():
        mailing = (
            FollowMailing.objects.select_for_update()
            .filter(post_id=post_id, listed_at__isnull=True, post__in=Post.objects.published())
            .first()
        )
        if mailing is None:
            return 0
        FollowDelivery.objects.bulk_create(
            (
                FollowDelivery(
                    kind=FollowDelivery.Kind.NEW_POST,
                    post_id=post_id,
                    follower_id=follower_id,
                    recipient=email,
                )
                for follower_id, email in Follower.objects.confirmed()
                .order_by("pk")
                .values_list("pk", "email")
            ),
            batch_size=1000,
            ignore_conflicts=True,
        )
        mailing.listed_at = timezone.now()
        mailing.save(update_fields=["listed_at"])
        owed = list(
            FollowDelivery.objects.filter(post_id=post_id, sent_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for batch in batched(owed, batch_size()):
            mail_post_batch.enqueue(post_id, list(batch))
    return len(owed)


def batch_size():
    return settings.FOLLOW_MAIL_BATCH_SIZE


@worker_duty
def announce_due_posts():
    """Posts whose time has come (scheduled ones), or whose announcement was lost: listed
    now. Run by the task worker on each periodic pass."""
    due = FollowMailing.objects.filter(
        listed_at__isnull=True, post__in=Post.objects.published()
    ).values_list("post_id", flat=True)
    return sum(list_recipients(post_id) for post_id in list(due))


@task
def mail_post_batch(post_id, delivery_ids):
    """Mail a post to the followers of one batch who have not been sent it; how many."""
    post = Post.objects.published().select_related("author").filter(pk=post_id).first()
    if post is None:
        return 0
    deliveries = FollowDelivery.objects.filter(
        pk__in=delivery_ids, sent_at__isnull=True, follower__status=Follower.Status.CONFIRMED
    ).select_related("follower")
    content = follow_mail.PostContent(post)
    return sum(
        send_recorded(
            content.message(delivery.follower, follow_url(delivery.follower, "unsubscribe")),
            delivery,
        )
        for delivery in deliveries
    )


def sent_count(post):
    """How many followers this post has been mailed to."""
    return post.follow_deliveries.filter(sent_at__isnull=False).count()
