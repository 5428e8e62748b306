"""The page-cache keys of posts, categories, tags and authors (names: core/pagecache.py).

Two sides of one rule, kept together: what a page showing a post carries
(`card_keys`, `list_keys`), and what a change moves. A post's own edit moves
`post:<id>`, which every page showing the post carries. A change of which posts a
list holds (publishing, unpublishing, a new date, author, category or tag, sticky)
also moves the lists it leaves and joins: home (which also orders the previous and
next links), the feeds, the month and year, the author, the categories with their
ancestors, the tags, search and the widgets' counts.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from core import pagecache

from .models import Category, Page, Post, Tag

# Fields whose change moves a post in or out of lists, or within them.
LIST_FIELDS = ("status", "published_at", "sticky", "author_id")
# Lists of every published post, and the parts that count them.
SITE_LISTS = ("home", "feed", "search", "widgets")


def card_keys(post):
    """What a page that shows this post as a card or an item shows of it."""
    return [
        f"post:{post.pk}",
        f"comments:{post.pk}",
        f"likes:{post.pk}",
        f"user:{post.author_id}",
        f"category:{post.primary_category_id}" if post.primary_category_id else None,
    ]


def cards_keys(posts):
    return [key for post in posts for key in card_keys(post)]


def archive_keys(when):
    local = timezone.localtime(when)
    return [f"archive:{local:%Y}", f"archive:{local:%Y-%m}"]


def category_keys(category_ids):
    """Categories and their ancestors: a category's list holds its descendants' posts."""
    categories = Category.objects.filter(pk__in=category_ids).only("path")
    slugs = {slug for c in categories for slug in c.ancestor_slugs()}
    ancestors = Category.objects.filter(slug__in=slugs).values_list("pk", flat=True)
    return [f"category:{pk}" for pk in {*category_ids, *ancestors}]


def lists_of(post_id, published_at, author_id):
    """Every list a post with these values appears in, if published."""
    categories = Post.categories.through.objects.filter(post_id=post_id)
    tags = Post.tags.through.objects.filter(post_id=post_id)
    return [
        *SITE_LISTS,
        *archive_keys(published_at),
        f"author:{author_id}",
        *category_keys(list(categories.values_list("category_id", flat=True))),
        *(f"tag:{pk}" for pk in tags.values_list("tag_id", flat=True)),
    ]


def remember_lists(sender, instance, raw=False, **kwargs):
    """pre_save: the values a saved post had, to tell whether it moved between lists."""
    if raw or instance.pk is None:
        instance._lists_before = None
        return
    instance._lists_before = Post.entries.filter(pk=instance.pk).values(*LIST_FIELDS).first()


def post_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    keys = [*card_keys(instance), "search"] if created else [f"post:{instance.pk}", "search"]
    before = getattr(instance, "_lists_before", None)
    now = {field: getattr(instance, field) for field in LIST_FIELDS}
    if created or before is None or before != now:
        keys += lists_of(instance.pk, instance.published_at, instance.author_id)
        if before:
            keys += lists_of(instance.pk, before["published_at"], before["author_id"])
    pagecache.changed(*keys)


def post_deleting(sender, instance, **kwargs):
    """pre_delete: the lists a deleted post leaves (its links are gone by post_delete)."""
    instance._lists_before = lists_of(instance.pk, instance.published_at, instance.author_id)


def post_deleted(sender, instance, **kwargs):
    pagecache.changed(f"post:{instance.pk}", *getattr(instance, "_lists_before", SITE_LISTS))


def links_changed(sender, instance, action, reverse, model, pk_set=None, **kwargs):
    """A post filed under or taken out of categories or tags (from either side)."""
    if action == "pre_clear":
        own, other = ("post_id", _fk(sender)) if not reverse else (_fk(sender), "post_id")
        links = sender.objects.filter(**{own: instance.pk})
        instance._cleared = set(links.values_list(other, flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = pk_set if action != "post_clear" else getattr(instance, "_cleared", set())
    posts, terms = ([instance.pk], pks) if not reverse else (pks, [instance.pk])
    term = Tag if sender is Post.tags.through else Category
    keys = [*SITE_LISTS, *(f"post:{pk}" for pk in posts)]
    for post in Post.objects.filter(pk__in=posts).only("published_at", "author_id"):
        keys += [*archive_keys(post.published_at), f"author:{post.author_id}"]
    if term is Tag:
        keys += [f"tag:{pk}" for pk in terms]
    else:
        keys += category_keys(list(terms))
    pagecache.changed(*keys)


def _fk(through):
    return "tag_id" if through is Post.tags.through else "category_id"


def category_changed_keys(category):
    """A category's name, address or place: its pages, its descendants', where it is named."""
    descendants = category.descendants_and_self().values_list("pk", flat=True)
    return [
        f"category:{category.pk}",
        *(f"category:{pk}" for pk in descendants),
        "widgets",
        "menus",
        "search",
        "feed",
    ]


def tag_changed_keys(tag):
    return [f"tag:{tag.pk}", "widgets", "search", "feed"]


def user_changed_keys(user):
    """How a person is shown (author name) and their author pages."""
    return [f"user:{user.pk}", f"author:{user.pk}"]


def connect():
    """Called from the app's ready(): these models' changes move their keys."""
    # Pages are posts (a proxy): saved through their own admin, they are senders too.
    for model in (Post, Page):
        name = model._meta.model_name
        pre_save.connect(remember_lists, sender=model, dispatch_uid=f"pagecache-{name}-before")
        post_save.connect(post_saved, sender=model, dispatch_uid=f"pagecache-{name}")
        pre_delete.connect(post_deleting, sender=model, dispatch_uid=f"pagecache-{name}-going")
        post_delete.connect(post_deleted, sender=model, dispatch_uid=f"pagecache-{name}-gone")
    # A page's title and address are in the menus that name it.
    pagecache.watch(Page, keys=lambda page: ["menus"])
    for through in (Post.categories.through, Post.tags.through):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"pagecache-{through}")
    pagecache.watch(Category, keys=category_changed_keys)
    pagecache.watch(Tag, keys=tag_changed_keys)
    pagecache.watch(get_user_model(), keys=user_changed_keys)
