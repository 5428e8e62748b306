"""What readers see of a post's body, made once when the post is saved.

`Post.body` keeps what the author wrote (sanitized); `Post.body_html` is the
reader's version, built from it by the steps below, so that nothing is worked
out per request and a change to a step re-renders from the author's text.
"""

import re

from core.sanitize import plain_text
from library.embeds import embed_links

from .highlight import highlight_code

IMG_WITHOUT_LOADING = re.compile(r"<img(?![^>]*\sloading=)", re.IGNORECASE)


def lazy_images(html):
    """Body images are below the title and the featured image: let the browser defer them."""
    return IMG_WITHOUT_LOADING.sub('<img loading="lazy" decoding="async"', html)


# Links alone on a line become embeds (asking their provider once, on the first save that
# has them); code blocks are coloured; images load lazily.
STEPS = [embed_links, highlight_code, lazy_images]


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
