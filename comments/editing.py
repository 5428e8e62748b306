"""A commenter's own comment, for a while after posting: who may change it, and what a change does.

WordPress leaves editing to moderators; Jetpack and the Simple Comment Editing
plugin give the author a few minutes, which is what readers expect now. Here
the author may edit or delete their comment for `COMMENT_EDIT_WINDOW` seconds
after posting: a signed-in reader from their session, a guest with the key in
the link they were sent back with after posting (comments/visitor.py).

An edit keeps the previous text for the moderators (CommentRevision) and runs
the moderation rules again, so a comment cannot be approved with one text and
then say another: an approved comment that now breaks a rule is held or marked
spam, while a held comment stays held whatever it says now. A deleted comment
goes to the trash, where the moderators still see it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import moderation, visitor
from .models import Comment, CommentRevision

Status = Comment.Status
EDITABLE = (Status.PENDING, Status.APPROVED)


def open_until(comment):
    return comment.created + timezone.timedelta(seconds=settings.COMMENT_EDIT_WINDOW)


def still_open(comment):
    return comment.status in EDITABLE and timezone.now() < open_until(comment)


def window_minutes():
    return max(settings.COMMENT_EDIT_WINDOW // 60, 1)


def is_author(request, comment, key=""):
    """The reader wrote it: their account, or, for a guest's comment, the key from posting."""
    if comment.user_id:
        return request.user.is_authenticated and request.user.pk == comment.user_id
    return bool(key) and visitor.proves_authorship(comment.pk, key, settings.COMMENT_EDIT_WINDOW)


def edit(comment, body):
    """Put in the author's new text, keeping the old one, and moderate the comment again."""
    with transaction.atomic():
        CommentRevision.objects.create(comment=comment, body=comment.body, status=comment.status)
        comment.body = body
        comment.save(update_fields=["body"])
        decision = moderation.decide(comment)
        status = decision.status
        if comment.status == Status.PENDING and status == Status.APPROVED:
            status = Status.PENDING  # only a moderator approves a held comment
        if status != comment.status:
            comment.set_status(status, reason=f"edited by its author: {decision.reason}")
    return comment


def delete(comment):
    comment.set_status(Status.TRASH, reason="deleted by its author")


def mark_own(comments, request):
    """Give the reader's own comments, while they may still change them, their edit and
    delete links: a signed-in reader's by their account (their pages are never cached),
    a guest's by the key in the URL they came back with (which passes by the page cache)."""
    user = request.user
    signed_id, key = visitor.signed_comment(request)
    for comment in comments:
        if comment.user_id:
            if not (user.is_authenticated and comment.user_id == user.pk):
                continue
            query = ""
        elif comment.pk == signed_id and is_author(request, comment, key):
            query = f"?{urlencode({'key': key})}"
        else:
            continue
        if still_open(comment):
            comment.edit_url = f"{reverse('comments:edit', args=[comment.pk])}{query}"
            comment.delete_url = f"{reverse('comments:delete', args=[comment.pk])}{query}"
            comment.editable_until = timezone.localtime(open_until(comment))
