"""Revisions: every save of a post keeps its title, excerpt and body, so that an author can
see what changed between any two versions and go back to one.

A revision is recorded by a `post_save` receiver (so saves from the admin, the APIs and the
importers all count); whoever saves inside `saved_by(user)` is named as its author, anyone
else's save is credited to the post's author. Only the newest `POST_REVISIONS_KEPT` are kept.
"""

import contextvars
import difflib
import re
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Post, PostRevision

REVISED_FIELDS = ("title", "excerpt", "body")
_editor = contextvars.ContextVar("revision_editor", default=None)
# Tags, words and the spaces between them: a diff on these marks whole changed words.
_WORDS = re.compile(r"<[^>]*>?|\s+|[^\s<]+")


@contextmanager
def saved_by(user):
    """Name `user` as the author of the revisions that saves inside this block record."""
    token = _editor.set(user)
    try:
        yield
    finally:
        _editor.reset(token)


def kept():
    return settings.POST_REVISIONS_KEPT


def record(post, user=None):
    """Keep the post's current title, excerpt and body as a revision, unless the newest
    revision already holds exactly them. Returns the new revision, or None."""
    latest = post.revisions.only(*REVISED_FIELDS).first()
    current = tuple(getattr(post, name) for name in REVISED_FIELDS)
    if latest is not None and tuple(getattr(latest, n) for n in REVISED_FIELDS) == current:
        return None
    revision = PostRevision.objects.create(
        post=post, author=user, **dict(zip(REVISED_FIELDS, current, strict=True))
    )
    prune(post)
    return revision


def prune(post):
    """Delete the post's revisions beyond the newest `POST_REVISIONS_KEPT`."""
    beyond = list(post.revisions.values_list("pk", flat=True)[kept() :])
    if beyond:
        PostRevision.objects.filter(pk__in=beyond).delete()


def record_on_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """`post_save` receiver for Post and its proxies (pages)."""
    if raw or not isinstance(instance, Post):
        return
    if update_fields is not None and not set(REVISED_FIELDS) & set(update_fields):
        return
    record(instance, _editor.get() or instance.author)


def restore(post, revision, user):
    """Put `revision`'s title, excerpt and body back on the post, which records a new
    revision (the history keeps what was replaced). Returns False when the post already
    holds exactly that version."""
    with transaction.atomic():
        Post.entries.lock([post.pk])
        post.refresh_from_db()
        if all(getattr(post, n) == getattr(revision, n) for n in REVISED_FIELDS):
            return False
        for name in REVISED_FIELDS:
            setattr(post, name, getattr(revision, name))
        with saved_by(user):
            post.save()
    return True


def word_diff(old, new):
    """`old` and `new` side by side as escaped HTML: removed words in <del>, added in <ins>."""
    old_words, new_words = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_words[i1:i2]))
        added = escape("".join(new_words[j1:j2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))


def compare(old, new):
    """Each revised field of two versions (revisions, autosaves, posts): its label, whether
    it changed, and both sides with the changed words marked."""
    rows = []
    for name in REVISED_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        left, right = word_diff(before, after)
        rows.append(
            {
                "label": Post._meta.get_field(name).verbose_name.capitalize(),
                "changed": before != after,
                "old": left,
                "new": right,
            }
        )
    return rows
