"""What the public templates call for a post (core/templating.py): the head's stylesheets
and oEmbed links for its body, its structured data, and what goes under it."""

import json
import re

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.site_url import absolute
from core.templating import include_with, template_global
from library.embeds import frame_origins

from . import oembed, sharing, widgets
from .highlight import WRAPPER

# A body with block-editor markup (core/block_markup.py keeps these classes) needs blocks.css.
BLOCK_MARKUP = re.compile(r'class="[^"]*\b(?:wp-block-|has-|is-layout-|align(?:wide|full)\b)')
# As django.utils.html.json_script: nothing in the data can close the script element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@template_global
def body_assets(post):
    """The stylesheets and script a body needs, only when it has what they serve."""
    html = post.body_html or ""
    links = []
    if BLOCK_MARKUP.search(html):
        links.append(format_html('<link rel="stylesheet" href="{}">', static("css/blocks.css")))
    if f'<div class="{WRAPPER}">' in html:
        links.append(format_html('<link rel="stylesheet" href="{}">', static("css/code.css")))
    if '<figure class="embed ' in html:
        links.append(format_html('<link rel="stylesheet" href="{}">', static("css/embeds.css")))
    if frame_origins(html):
        links.append(format_html('<script src="{}" defer></script>', static("js/embeds.js")))
    return format_html_join("\n  ", "{}", ((link,) for link in links))


@template_global
def oembed_discovery(post):
    """<link rel="alternate"> to this post's oEmbed answers (JSON and XML), when it has any."""
    if not post.is_published or post.password:
        return ""
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" href="{}" title="{}">',
        ((kind, href, post.title) for kind, href in oembed.discovery_links(post)),
    )


@template_global
def blog_posting_ld(post, breadcrumb_categories):
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
        "publisher": {"@type": "Organization", "name": settings.BLOG_TITLE},
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


@template_global
@include_with("posts/_share.html")
def share_links(post):
    return {
        "links": sharing.share_links(post),
        "url": absolute(post.get_absolute_url()),
        "post": post,
    }


@template_global
def post_end_templates():
    """The templates other apps put under each post (posts.widgets.add_post_end)."""
    return list(widgets.post_end_templates)
