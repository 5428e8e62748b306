"""Related posts: worked out when posts are written, read with one query.

A post's related posts are the newest published posts sharing a tag or a category
with it. They are kept on the post (`Post.related_post_ids`, newest first) and
refreshed whenever a post that could be among them, or could have been, changes:
its publication, date, categories or tags (`connect()`). What is kept is a little
longer than what is shown: every scheduled post that would come before the last of
`SHOWN` published ones, so that when a scheduled post goes live at its time (no
write happens then) the read, which asks for published posts only, is still right.
"""

import contextlib
import itertools
import threading
from collections import defaultdict

from django.utils import timezone

SHOWN = 3
_batch = threading.local()


def related_posts(post):
    """The related posts a page shows, newest first: one query, for a post without too (so
    that every post page runs the same queries)."""
    from .models import Post

    return list(
        Post.objects.published()
        .filter(pk__in=post.related_post_ids or [0])
        .only("kind", "title", "slug", "published_at")
        .order_by("-published_at", "-pk")[:SHOWN]
    )


def refresh(post_ids, models=None):
    """Work out again the related posts of `post_ids` and of every post whose list they
    may enter or leave (those sharing a term with them, those listing them). `models`
    are (Post, categories through, tags through), a migration's own; the app's by default."""
    post_ids = set(post_ids)
    if getattr(_batch, "ids", None) is not None and models is None:
        _batch.ids |= post_ids
        return
    if not post_ids:
        return
    post_model, *throughs = models or _app_models()
    posts = post_model._base_manager.filter(kind="post")
    listed = dict(posts.values_list("pk", "related_post_ids"))
    terms_of = _terms(throughs, post_id__in=post_ids)
    sharing = _members(throughs, set().union(*terms_of.values()))
    affected = {pk for pk in post_ids if pk in listed}
    affected |= {pk for members in sharing.values() for pk, _ in members if pk in listed}
    affected |= {pk for pk, ids in listed.items() if post_ids.intersection(ids or ())}
    terms_of = _terms(throughs, post_id__in=affected)
    newest = _members(throughs, set().union(*terms_of.values()), published=True)
    now = timezone.now()
    changed = []
    for pk in affected:
        ids = _pick(pk, [newest.get(term, ()) for term in terms_of.get(pk, ())], now)
        if ids != (listed[pk] or []):
            changed.append(post_model(pk=pk, related_post_ids=ids))
    post_model._base_manager.bulk_update(changed, ["related_post_ids"], batch_size=500)


@contextlib.contextmanager
def batch():
    """Posts written inside refresh the related posts once, at the end, for all of them:
    for bulk writers (a dataset, an import), whose every save would otherwise refresh."""
    outer = getattr(_batch, "ids", None) is not None
    if not outer:
        _batch.ids = set()
    try:
        yield
    finally:
        if not outer:
            ids, _batch.ids = _batch.ids, None
            refresh(ids)


def _pick(pk, lists, now):
    """From term lists sorted newest first: posts other than `pk`, newest first, up to and
    including the `SHOWN`th already published one."""
    merged = sorted(
        {(when, other) for other, when in itertools.chain.from_iterable(lists) if other != pk},
        reverse=True,
    )
    ids, published = [], 0
    for when, other in merged:
        ids.append(other)
        published += when <= now
        if published == SHOWN:
            break
    return ids


def _terms(throughs, **filters):
    """{post id: {(term kind, term id), …}} for the posts the filters pick."""
    terms = defaultdict(set)
    for kind, through in enumerate(throughs):
        column = _term_column(through)
        for post_id, term_id in through.objects.filter(**filters).values_list("post_id", column):
            terms[post_id].add((kind, term_id))
    return terms


def _members(throughs, terms, published=False):
    """{(term kind, term id): [(post id, published at), …]} newest first."""
    members = defaultdict(list)
    for kind, through in enumerate(throughs):
        column = _term_column(through)
        wanted = [term_id for term_kind, term_id in terms if term_kind == kind]
        rows = through.objects.filter(**{f"{column}__in": wanted}, post__kind="post")
        if published:
            rows = rows.filter(post__status="published")
        for term_id, post_id, when in rows.order_by("-post__published_at", "-post_id").values_list(
            column, "post_id", "post__published_at"
        ):
            members[(kind, term_id)].append((post_id, when))
    return members


def _term_column(through):
    return "category_id" if hasattr(through, "category_id") else "tag_id"


def _app_models():
    from .models import Post

    return Post, Post.categories.through, Post.tags.through


# What a post's save changes that moves it in or out of other posts' lists.
LISTING_FIELDS = {"status", "published_at", "kind"}


def post_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not set(update_fields) & LISTING_FIELDS):
        return
    refresh({instance.pk})


def post_deleted(sender, instance, **kwargs):
    refresh({instance.pk})


def links_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    """A post's terms changed, or a term's posts: those posts and their neighbours move.
    (Posts that listed a post which left a term are found by their lists, in `refresh`.)"""
    if action == "pre_clear" and reverse:
        column = _term_column(sender)
        instance._related_cleared = set(
            sender.objects.filter(**{column: instance.pk}).values_list("post_id", flat=True)
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh({instance.pk})
    elif action == "post_clear":
        refresh(getattr(instance, "_related_cleared", set()))
    else:
        refresh(set(pk_set))


def connect():
    """Called from the app's ready(): keep every post's related posts current."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Post

    post_save.connect(post_saved, sender=Post, dispatch_uid="related-posts-saved")
    post_delete.connect(post_deleted, sender=Post, dispatch_uid="related-posts-deleted")
    for through in (Post.categories.through, Post.tags.through):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"related-{through}")
