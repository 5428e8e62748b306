"""Structured data for search engines and link previews."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.site_url import absolute

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the script element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def blog_posting_ld(context, post, breadcrumb_categories):
    """JSON-LD BlogPosting and BreadcrumbList for a post page (a data block, not a script)."""
    url = absolute(post.get_absolute_url())
    author = post.author.get_full_name() or post.author.get_username()
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": post.published_at.isoformat(),
        "dateModified": max(post.updated, post.published_at).isoformat(),
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": context.get("blog_title", "")},
    }
    if not post.password:
        posting["description"] = post.excerpt
    if post.featured_image and not post.password:
        posting["image"] = absolute(post.featured_image.url)
    trail = [("Home", absolute("/"))]
    trail += [(c.name, absolute(c.get_absolute_url())) for c in breadcrumb_categories]
    trail.append((post.title, url))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": item}
            for n, (name, item) in enumerate(trail, start=1)
        ],
    }
    return mark_safe(
        "".join(
            format_html(
                '<script type="application/ld+json">{}</script>',
                mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)),
            )
            for data in (posting, breadcrumbs)
        )
    )
