"""What a post page's head needs for its body: stylesheets and the embeds' script, only
when the body has what they serve, and the oEmbed discovery links."""

import re

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join

from library.embeds import frame_origins

from .. import oembed
from ..highlight import WRAPPER

register = template.Library()

# A body with block-editor markup (core/block_markup.py keeps these classes) needs blocks.css.
BLOCK_MARKUP = re.compile(r'class="[^"]*\b(?:wp-block-|has-|is-layout-|align(?:wide|full)\b)')


@register.simple_tag
def body_assets(post):
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


@register.simple_tag
def oembed_discovery(post):
    """<link rel="alternate"> to this post's oEmbed answers (JSON and XML), when it has any."""
    if not post.is_published or post.password:
        return ""
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" href="{}" title="{}">',
        ((kind, href, post.title) for kind, href in oembed.discovery_links(post)),
    )
