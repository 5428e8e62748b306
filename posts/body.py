"""What readers see of a post's body, made once when the post is saved.

`Post.body` keeps what the author wrote (sanitized); `Post.body_html` is the
reader's version, built from it by the steps below, so that nothing is worked
out per request and a change to a step re-renders from the author's text.
"""

import re
from html import escape, unescape

from core.block_markup import BLOCK_COMMENT
from core.sanitize import plain_text
from library.embeds import embed_links
from library.models import MediaItem, stored_name

from .blocks import block_layout
from .highlight import highlight_code

IMG_WITHOUT_LOADING = re.compile(r"<img(?![^>]*\sloading=)", re.IGNORECASE)
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_SRC = re.compile(r'\ssrc="([^"]*)"', re.IGNORECASE)
# A body image spans the text column (800px on wide screens), the whole width on phones.
BODY_IMAGE_SIZES = "(min-width: 960px) 800px, 100vw"


def library_images(html):
    """Images from the library get `srcset`, `sizes`, `width` and `height`, so browsers
    fetch the copy that fits and keep the space for it; one query for all of a body's
    images. Attributes the author set (a chosen width) stay."""
    names = {stored_name(unescape(src)) for src in IMG_SRC.findall(html)} - {None}
    if not names:
        return html
    items = {item.file.name: item for item in MediaItem.objects.images().filter(file__in=names)}
    if not items:
        return html

    def described(match):
        tag = match.group(0)
        src = IMG_SRC.search(tag)
        item = items.get(stored_name(unescape(src.group(1)))) if src else None
        if item is None:
            return tag
        wanted = [
            ("srcset", item.srcset),
            ("sizes", BODY_IMAGE_SIZES),
            ("width", item.width),
            ("height", item.height),
        ]
        added = "".join(
            f' {name}="{escape(str(value))}"'
            for name, value in wanted
            if value and not re.search(rf"\s{name}=", tag, re.IGNORECASE)
        )
        return tag[:4] + added + tag[4:]

    return IMG_TAG.sub(described, html)


def lazy_images(html):
    """Body images are below the title and the featured image: let the browser defer them."""
    return IMG_WITHOUT_LOADING.sub('<img loading="lazy" decoding="async"', html)


def without_block_delimiters(html):
    """The author's body keeps WordPress's `<!-- wp:… -->` delimiters (so it goes back to
    WordPress as the same blocks); readers get the blocks without them, as from WordPress."""
    return BLOCK_COMMENT.sub("", html) if "<!-- " in html else html


# Block-editor groups and buttons get their layout classes (read from their delimiters,
# which then go); library images get their sizes; links alone on a line become embeds
# (asking their provider once, on the first save that has them); code blocks are coloured;
# images load lazily.
STEPS = [
    block_layout,
    without_block_delimiters,
    library_images,
    embed_links,
    highlight_code,
    lazy_images,
]


def render(body):
    """The reader's HTML for a sanitized body."""
    html = body
    for step in STEPS:
        html = step(html)
    return html


# Words an adult reads in a minute, on average (Brysbaert 2019, non-fiction).
WORDS_PER_MINUTE = 238


def reading_minutes(html):
    """The estimated reading time of a body, in whole minutes (at least one)."""
    return max(1, round(len(plain_text(html).split()) / WORDS_PER_MINUTE))


FIRST_LINK = re.compile(r"""<a\s[^>]*?\bhref=["']([^"']+)["']""", re.IGNORECASE)


def first_link(html):
    """The address of the first link in the body, or "": what a link post points at."""
    found = FIRST_LINK.search(html)
    return unescape(found.group(1)) if found else ""
