"""Site search over published posts: one function, whatever the database.

On PostgreSQL it is full-text search (django.contrib.postgres) ranked by
relevance over a stored document per post (`Post.search_document`: the title,
weighted A so that title hits come first, the names and slugs of its categories
and tags (B), and unless the post is password protected its excerpt and body
(D)), so that one condition, served by a GIN index, finds every match. The
document is made again in one UPDATE whenever a post is saved, filed under other
terms, or one of its terms is renamed (`connect()`); bulk writers (imports) call
`refresh_documents()`. Elsewhere each word must appear in the title, excerpt,
body, a category or a tag, newest first. Snippets are cut and highlighted in
Python from the post's text, so both give the same safe HTML.

The search page ranks only the `MAX_RESULTS` most recent matches (`most_recent`),
and counts no further than one past them (`ResultsPaginator`): ranking reads every
candidate's document, and counting fetches every match, so a common word (in a
fifth of 100,000 posts) cost hundreds of milliseconds. The most recent matches are
looked for in the newest posts first, the GIN index and the index on publication
time read together, so that few posts are fetched whether a word is common or
rare. Past that many, the page says so, as large search engines do.
"""

import re
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.sanitize import plain_text

from .models import Category, Post, Tag

MAX_QUERY_LENGTH = 200
# Searches one address may run per RATE_PERIOD seconds (pages served from the cache not counted).
RATE_LIMIT = 20
RATE_PERIOD = 60
MAX_TERMS = 8
# Results the search page ranks and pages through: the most recent matches, best first.
MAX_RESULTS = 200
# The most recent matches are looked for among the newest thousand posts, then the
# newest ten thousand, then all (PostgreSQL).
WINDOWS = (1_000, 10_000)
EDGES_CACHE_KEY = "search:window-edges"
EDGES_SECONDS = 300
WORD = re.compile(r"\w+", re.UNICODE)
SEARCH_CONFIG = "english"
SEARCHED_FIELDS = ("title", "excerpt", "body")
UNPROTECTED = Q(password="")


def terms(query):
    """The words of a query: punctuation ignored, long queries cut short."""
    return WORD.findall((query or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]


def search_vector():
    """The expression of the index migration 0006 made (before documents were stored)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*SEARCHED_FIELDS, config=SEARCH_CONFIG)


def document():
    """A post's search document, as an expression over its own row and its terms."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import StringAgg

    def names(model):
        return Subquery(
            model.objects.filter(posts=OuterRef("pk"))
            .order_by()
            .values("posts")
            .annotate(
                words=StringAgg(
                    Concat("name", Value(" "), "slug", output_field=TextField()),
                    delimiter=Value(" "),
                )
            )
            .values("words"),
            output_field=TextField(),
        )

    text = Case(
        When(UNPROTECTED, then=Concat("excerpt", Value(" "), "body", output_field=TextField())),
        default=Value(""),
        output_field=TextField(),
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(names(Category), names(Tag), weight="B", config=SEARCH_CONFIG)
        + SearchVector(text, weight="D", config=SEARCH_CONFIG)
    )


def refresh_documents(posts=None):
    """Make the search documents of these posts (a queryset; default all) again: one UPDATE."""
    if connection.vendor != "postgresql":
        return 0
    posts = Post.objects.all() if posts is None else posts
    return Post.objects.filter(pk__in=posts.values("pk")).update(search_document=document())


def matching_posts(query):
    """Published posts matching `query`, in no order; none for a query with no words."""
    words = terms(query)
    posts = Post.objects.published()
    if not words:
        return posts.none()
    if connection.vendor == "postgresql":
        return posts.filter(search_document=_full_text_query(words))
    return posts.filter(_every_word(words))


def search_pages(pages, query):
    """The pages among `pages` with every word of `query` in their title or text (pages have
    no search document: they are few, and the site's search lists posts)."""
    words = terms(query)
    return pages.filter(_every_word(words)) if words else pages.none()


def search_posts(query, among=None):
    """Published posts matching `query`, best first; none for a query with no words.

    `among`: only these of them (pks, `most_recent(query, n)`), so that a search ranks a
    bounded number of posts however many a common word matches."""
    posts = Post.objects.published()
    matches = matching_posts(query) if among is None else posts.filter(pk__in=among)
    if connection.vendor != "postgresql":
        return matches.order_by("-published_at", "-pk")
    from django.contrib.postgres.search import SearchRank

    return (
        matches.annotate(rank=SearchRank(F("search_document"), _full_text_query(terms(query))))
        .defer("search_document")
        .order_by("-rank", "-published_at", "-pk")
    )


def most_recent(query, limit):
    """The pks of the `limit` most recent posts matching `query`, newest first: one query."""
    return [pk for _, pk in sorted(recent_matches(query, limit), reverse=True)]


def recent_matches(query, limit):
    """The `limit` most recent posts matching `query`, as (published_at, pk) rows.

    On PostgreSQL they are looked for in the newest posts first, then in older ones
    (`WINDOWS`), each part an intersection of the GIN index with the index on
    publication time, and a part is read only if the newer ones found too few. Ordered
    plainly, the planner would rather read the time index newest first and check each
    post's document, far dearer than it assumes: tens of milliseconds for a word in
    one post of thirty; the order by a shifted time keeps it off that path."""
    matches = matching_posts(query)
    if connection.vendor != "postgresql" or not terms(query):
        return matches.order_by("-published_at", "-pk").values_list("published_at", "pk")[:limit]
    by_time = ExpressionWrapper(F("published_at") + timedelta(0), output_field=DateTimeField())
    parts, newer = [], None
    for edge in [*window_edges(), None]:
        part = matches if newer is None else matches.filter(published_at__lte=newer)
        part = part if edge is None else part.filter(published_at__gt=edge)
        parts.append(part.order_by(by_time.desc(), "-pk").values_list("published_at", "pk"))
        newer = edge
    parts = [part[:limit] for part in parts]
    return parts[0].union(*parts[1:], all=True).order_by()[:limit] if parts[1:] else parts[0]


def window_edges():
    """When the `WINDOWS`-th most recent published posts were published, newest first
    (fewer edges on a smaller blog). Kept for a few minutes: any edges split the posts
    into parts that together hold each once, so edges a little behind the newest posts
    cost at most a part read in vain."""
    edges = cache.get(EDGES_CACHE_KEY)
    if edges is None:
        newest = Post.objects.published().order_by("-published_at", "-pk")
        newest = newest.values_list("published_at", flat=True)
        edges = [edge for n in WINDOWS for edge in newest[n : n + 1]]
        cache.set(EDGES_CACHE_KEY, edges, EDGES_SECONDS)
    return edges


def _full_text_query(words):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")


def _every_word(words):
    condition = Q()
    for word in words:
        condition &= (
            Q(title__icontains=word)
            | (UNPROTECTED & (Q(excerpt__icontains=word) | Q(body__icontains=word)))
            | _taxonomy_match([word])
        )
    return condition


class ResultsPaginator(Paginator):
    """Pages through the search page's results, the `MAX_RESULTS` most recent matches
    ranked, told how many of them were `found` (looking for one more tells whether more
    posts matched, `more`, without counting them all)."""

    def __init__(self, object_list, per_page, *, found, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.found = found

    @cached_property
    def count(self):
        return min(self.found, MAX_RESULTS)

    @property
    def more(self):
        return self.found > MAX_RESULTS


def _taxonomy_match(words):
    """Posts filed under a category or tag named by the words."""
    names = Q()
    for word in words:
        names |= Q(name__iexact=word) | Q(slug__iexact=word)
    in_category = Category.objects.filter(names, posts=OuterRef("pk"))
    tagged = Tag.objects.filter(names, posts=OuterRef("pk"))
    return Q(Exists(in_category)) | Q(Exists(tagged))


def snippet(post, query, width=220):
    """A piece of the post's text around the first match, words marked with <mark>."""
    if post.password:
        return "This post is password protected."
    text = plain_text(post.body) or post.excerpt
    words = [w.lower() for w in terms(query)]
    lowered = text.lower()
    found = [lowered.find(w) for w in words if w in lowered]
    start = max(min(found) - width // 3, 0) if found else 0
    piece = text[start : start + width]
    html = escape(piece)
    if words:
        pattern = re.compile("|".join(re.escape(escape(w)) for w in words), re.IGNORECASE)
        html = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html)
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")


# Keeping the documents: a saved post, its terms changed, a term renamed.


def post_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and not set(update_fields) & DOCUMENT_FIELDS):
        return
    refresh_documents(Post.objects.filter(pk=instance.pk))


def links_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action == "pre_clear" and reverse:
        instance._search_cleared = set(
            sender.objects.filter(**{TERM_COLUMNS[sender]: instance.pk}).values_list(
                "post_id", flat=True
            )
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh_documents(Post.objects.filter(pk=instance.pk))
    elif action == "post_clear":
        refresh_documents(Post.objects.filter(pk__in=getattr(instance, "_search_cleared", ())))
    else:
        refresh_documents(Post.objects.filter(pk__in=pk_set))


def term_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        refresh_documents(Post.objects.filter(**{TERM_LINKS[sender]: instance}))


DOCUMENT_FIELDS = {"title", "excerpt", "body", "password"}
TERM_LINKS = {Category: "categories", Tag: "tags"}
TERM_COLUMNS = {Post.categories.through: "category_id", Post.tags.through: "tag_id"}


def connect():
    """Called from the app's ready(): keep every post's search document current."""
    from django.db.models.signals import m2m_changed, post_save

    post_save.connect(post_saved, sender=Post, dispatch_uid="search-document-post")
    for model in (Category, Tag):
        post_save.connect(term_saved, sender=model, dispatch_uid=f"search-document-{model}")
    for through in (Post.categories.through, Post.tags.through):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"search-{through}")
