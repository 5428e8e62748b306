"""Site search over published posts: one function, whatever the database.

On PostgreSQL it is full-text search (django.contrib.postgres) ranked by
relevance, served by a GIN index; elsewhere each word must appear in the
title, excerpt, body, a category or a tag. Snippets are cut and highlighted
in Python from the post's text, so both give the same safe HTML.
"""

import re

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.sanitize import plain_text

from .models import Category, Post, Tag

MAX_QUERY_LENGTH = 200
# Searches one address may run per RATE_PERIOD seconds (pages served from the cache not counted).
RATE_LIMIT = 20
RATE_PERIOD = 60
MAX_TERMS = 8
WORD = re.compile(r"\w+", re.UNICODE)
SEARCH_CONFIG = "english"
SEARCHED_FIELDS = ("title", "excerpt", "body")
UNPROTECTED = Q(password="")


def terms(query):
    """The words of a query: punctuation ignored, long queries cut short."""
    return WORD.findall((query or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]


def search_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*SEARCHED_FIELDS, config=SEARCH_CONFIG)


def search_posts(query):
    """Published posts matching `query`, best first; none for a query with no words."""
    words = terms(query)
    posts = Post.objects.published()
    if not words:
        return posts.none()
    if connection.vendor == "postgresql":
        return _full_text(posts, words)
    return _every_word(posts, words)


def _full_text(posts, words):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")
    taxonomy = _taxonomy_match(words)
    return (
        posts.annotate(document=search_vector(), rank=SearchRank(search_vector(), query))
        .filter((Q(document=query) & UNPROTECTED) | taxonomy | _protected_title_match(words))
        .order_by("-rank", "-published_at", "-pk")
    )


def _every_word(posts, words):
    condition = Q()
    for word in words:
        condition &= (
            Q(title__icontains=word)
            | (UNPROTECTED & (Q(excerpt__icontains=word) | Q(body__icontains=word)))
            | _taxonomy_match([word])
        )
    return posts.filter(condition).order_by("-published_at", "-pk")


def _protected_title_match(words):
    """A password-protected post is found by its title only: its text stays hidden."""
    title = Q()
    for word in words:
        title |= Q(title__icontains=word)
    return ~UNPROTECTED & title


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
