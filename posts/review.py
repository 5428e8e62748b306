"""Posts submitted for review: Contributors may not publish, so their posts wait as
"pending review" and every Editor hears of each submission once, by a background task."""

from contextlib import nullcontext

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.site_url import absolute
from core.tasks import enqueue_on_commit

from .models import Post, ReviewMail

EDITORS_GROUP = "Editors"


def may_publish(user):
    """Publishing and scheduling need `posts.publish_posts` (Authors, Editors); Contributors
    lack it, so their posts can only be drafts or pending review."""
    return user.has_perm("posts.publish_posts")


def submitted(post):
    """`post` has just been put up for review: mail the Editors once the save commits."""
    enqueue_on_commit(notify_editors, post.pk, post.updated.isoformat())


def editors():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__name=EDITORS_GROUP) | Q(is_superuser=True))
        .distinct()
    )


@task
def notify_editors(post_id, submitted_at):
    """One mail to each Editor about a post waiting for review; how many this run sent."""
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None or post.status != Post.Status.PENDING:
        return 0
    edit_url = absolute(reverse("admin:posts_post_change", args=[post.pk]))
    subject = f"Please review: “{post.title}”"
    body = render_to_string("posts/mail/pending_review.txt", {"post": post, "edit_url": edit_url})
    sent = 0
    for editor in editors():
        message = EmailMessage(subject, body, to=[editor.email])
        sent += send_once(message, post, timezone.datetime.fromisoformat(submitted_at))
    return sent


def send_once(message, post, submitted_at):
    """Send `message` unless a run has sent it for this submission (as comments' mails are
    sent: the row is made, locked for the sending and marked sent in one transaction)."""
    mail, _ = ReviewMail.objects.get_or_create(
        post=post, recipient=message.to[0].lower(), submitted_at=submitted_at
    )
    with transaction.atomic() if connection.features.has_select_for_update else nullcontext():
        mail = ReviewMail.objects.select_for_update().get(pk=mail.pk)
        if mail.sent_at is not None:
            return False
        message.send()
        mail.sent_at = timezone.now()
        mail.save(update_fields=["sent_at"])
    return True
