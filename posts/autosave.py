"""Autosave: the editor's draft copy of an author's unsaved changes, one per author and post
(and one per author for a post not saved yet), kept apart from the post itself so that a
closed tab or a crashed browser loses at most a minute of writing."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.sanitize import sanitize_post_html

from .models import PostAutosave


def store(author, post, *, title, excerpt, body):
    """Keep (or replace) `author`'s autosave of `post` (None: their new, unsaved post)."""
    values = {
        "title": title[: PostAutosave._meta.get_field("title").max_length],
        "excerpt": excerpt,
        "body": sanitize_post_html(body),
        "saved_at": timezone.now(),
    }
    for attempt in range(2):
        try:
            with transaction.atomic():
                autosave, _ = PostAutosave.objects.update_or_create(
                    author=author, post=post, defaults=values
                )
            return autosave
        except IntegrityError:
            # Two autosaves of the same post raced to create the row; the second updates it.
            if attempt:
                raise
    return None


def newer_than(post, author):
    """`author`'s autosave of `post` when it is newer than the saved post and differs from
    it (what the editor offers to restore), else None."""
    autosave = PostAutosave.objects.filter(author=author, post=post).first()
    if autosave is None:
        return None
    if post is not None:
        if autosave.saved_at <= post.updated:
            return None
        if (autosave.title, autosave.excerpt, autosave.body) == (
            post.title,
            post.excerpt,
            post.body,
        ):
            return None
    return autosave


def discard(author, post):
    """Forget `author`'s autosave of `post`: once saved, the post holds their changes."""
    PostAutosave.objects.filter(author=author, post=post).delete()
