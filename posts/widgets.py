"""Sidebar widgets: monthly archives, the category tree and a tag cloud.

Each is one query; the rendered block is kept until the `widgets` key moves
(any change of which posts are published, or of a category or tag), so it is
computed once per such change, never shown stale.

Apps above add their own through `add_widget()` (a template for the sidebar) and
`add_post_end()` (a template under each post, rendered with the post page's context).
Sidebar templates are rendered without a request: the same for every reader.
"""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string

from core import pagecache

from .models import Category, Post, Tag

CLOUD_SIZES = 5
CLOUD_TAGS = 30

sidebar_templates = []
post_end_templates = []


def add_widget(template_name):
    if template_name not in sidebar_templates:
        sidebar_templates.append(template_name)


def add_post_end(template_name):
    if template_name not in post_end_templates:
        post_end_templates.append(template_name)


def monthly_archives():
    return list(
        Post.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )


def category_tree():
    """Categories with published posts, in tree order with their own posts counted, and
    the parents above them even when a parent holds no post itself (so that a child is
    never shown under the wrong parent)."""
    categories = list(Category.objects.with_post_counts().order_by("path"))
    shown = set()
    for category in categories:
        if category.post_count:
            parts = category.path.split("/")
            shown.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    return [c for c in categories if c.path in shown]


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
            {
                "months": monthly_archives(),
                "categories": category_tree(),
                "tags": tag_cloud(),
                "more_widgets": sidebar_templates,
            },
        ),
        keys=("widgets",),
    )
