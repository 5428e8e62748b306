"""Sidebar widgets: monthly archives, the category tree and a tag cloud.

Each is one query; the rendered block is kept until the `widgets` key moves
(any change of which posts are published, or of a category or tag), so it is
computed once per such change, never shown stale.
"""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string

from core import pagecache

from .models import Category, Post, Tag

CLOUD_SIZES = 5
CLOUD_TAGS = 30


def monthly_archives():
    return list(
        Post.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )


def category_tree():
    """Categories in tree order with their own published posts counted."""
    return [c for c in Category.objects.with_post_counts().order_by("path") if c.post_count]


def tag_cloud():
    tags = list(
        Tag.objects.filter(posts__in=Post.objects.published())
        .annotate(count=Count("posts"))
        .order_by("-count", "name")[:CLOUD_TAGS]
    )
    if tags:
        low, high = min(t.count for t in tags), max(t.count for t in tags)
        for tag in tags:
            tag.size = 1 + (tag.count - low) * (CLOUD_SIZES - 1) // max(high - low, 1)
        tags.sort(key=lambda t: t.name.lower())
    return tags


def rendered_widgets():
    """The widgets' HTML, rendered once per change of what they show (and process)."""
    return pagecache.for_this_version(
        "widgets",
        lambda: render_to_string(
            "posts/_widgets.html",
            {"months": monthly_archives(), "categories": category_tree(), "tags": tag_cloud()},
        ),
        keys=("widgets",),
    )
