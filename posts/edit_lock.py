"""Edit locks: who has a post open in the editor, as WordPress keeps them.

Opening a post takes its lock; the editor's heartbeat keeps it; a lock not renewed for
`POST_EDIT_LOCK_SECONDS` lapses. Someone else who opens the post is told who has it open and
may take it over explicitly."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Post, PostEditLock


def expiry():
    return datetime.timedelta(seconds=settings.POST_EDIT_LOCK_SECONDS)


def holder(post, user):
    """The other person with a live lock on `post`, or None."""
    lock = PostEditLock.objects.select_related("user").filter(post=post).first()
    if lock is None or lock.user_id == user.pk or is_lapsed(lock):
        return None
    return lock.user


def is_lapsed(lock):
    return lock.heartbeat_at < timezone.now() - expiry()


def take(post, user, *, take_over=False):
    """Take or renew `user`'s lock on `post`. Returns None when they hold it, or the other
    person whose live lock stands (unless `take_over`, which takes it from them)."""
    with transaction.atomic():
        Post.entries.lock([post.pk])
        lock = PostEditLock.objects.select_related("user").filter(post=post).first()
        if lock is None:
            PostEditLock.objects.create(post=post, user=user)
            return None
        if lock.user_id != user.pk and not is_lapsed(lock) and not take_over:
            return lock.user
        lock.user, lock.heartbeat_at = user, timezone.now()
        lock.save(update_fields=["user", "heartbeat_at"])
    return None


def release(post, user):
    """Let go of `user`'s lock (leaving the editor); someone else's lock stays."""
    PostEditLock.objects.filter(post=post, user=user).delete()
