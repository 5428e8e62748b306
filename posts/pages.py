"""Where a page may live: its address must not shadow the blog's own, nor loop.

A page answers at `/<parent>/<child>/` through the catch-all pattern at the end of
posts/urls.py, so a top-level slug that another pattern already claims (`category`,
`feed`, a year, `admin`…) would never be reached, and is refused.
"""

import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils.text import slugify

PAGE_VIEW_NAME = "posts:page"
# The plain text a route or regex begins with, up to its first converter or operator.
LITERAL = re.compile(r"[-\w./]*")


def _literal_prefix(entry):
    return LITERAL.match(str(entry.pattern).removeprefix("^")).group(0)


def _first_segments(patterns):
    """The first path segment of every pattern that begins with plain text; an include()
    at the root is looked into."""
    for entry in patterns:
        literal = _literal_prefix(entry)
        if literal:
            yield literal.split("/")[0]
        elif isinstance(entry, URLResolver):
            yield from _first_segments(entry.url_patterns)


@functools.cache
def _claimed_by_patterns():
    """The first path segments the URLconf's other patterns begin with."""
    segments = set(_first_segments(get_resolver().url_patterns))
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        segments.add(url.strip("/").split("/")[0])
    return frozenset(segment for segment in segments if segment)


def reserved_top_level_slugs():
    """Top-level slugs a page may not take: the blog's own address prefixes."""
    return _claimed_by_patterns() | {"page", "feed"}


def is_reserved_top_level(slug):
    """Reserved, or answered by another view at `/<slug>/` (a year's archive)."""
    if slug in reserved_top_level_slugs():
        return True
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    return match.view_name != PAGE_VIEW_NAME


def check_placement(page):
    """The form errors of a page whose slug or parent would break an address."""
    errors = {}
    slug = page.slug or slugify(page.title, allow_unicode=True)
    if page.slug and not page.parent_id and is_reserved_top_level(slug):
        errors["slug"] = (
            f"“{slug}” is an address the blog uses itself (/{slug}/): choose another slug, "
            "or place the page under a parent."
        )
    if page.parent_id and page.pk:
        parent = type(page).objects.filter(pk=page.parent_id).values_list("path", flat=True)
        parent_path = parent.first() or ""
        if page.parent_id == page.pk or (
            page.path and (parent_path == page.path or parent_path.startswith(page.path + "/"))
        ):
            errors["parent"] = "A page cannot be placed under itself or one of its own subpages."
    if errors:
        raise ValidationError(errors)
