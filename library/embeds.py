"""Links alone on a line become embeds, as in WordPress: resolved on save, shown privacy-first.

`embed_links` is a step of `posts.body.STEPS`. A paragraph holding nothing but
a URL (typed, or made a link by the editor) whose provider is allowed
(`providers`) is replaced by a facade, and so is the URL in a block editor's
embed (`<div class="wp-block-embed__wrapper">`, whose figure keeps its caption
and aspect classes around the facade): the title, the provider and the
thumbnail kept on this site, inside a link to the original. Nothing on the
page contacts the provider; `static/js/embeds.js` swaps the facade for the
provider's player when the reader presses play. Any other such URL becomes
(or stays) a plain link.

The player's address travels in the facade's `data-embed-src`, which only this
step writes (the sanitizer removes every data attribute an author types), so
`frame_origins` can read a page's allowed frames back from its HTML for the CSP.
"""

import re
from html import escape, unescape
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from .models import Embed

URL = r"https?://[^\s<>\"']{1,2000}"
BLOCK_WRAPPER = '<div class="wp-block-embed__wrapper">'
# A paragraph, or a block embed's wrapper, holding only a URL: as text or as a link of itself.
LINK_ALONE = re.compile(
    rf"(?:<p>|(?P<block>{BLOCK_WRAPPER}))"
    rf"\s*(?:(?P<bare>{URL})|<a href=\"(?P<href>{URL})\"[^>]*>\s*(?P<text>{URL})\s*</a>)"
    r"\s*(?:<br>\s*)?(?(block)</div>|</p>)",
    re.IGNORECASE,
)
EMBED_SOURCE = re.compile(r"<figure class=\"embed [^\"]*\" data-embed-src=\"([^\"]+)\"")


def links_alone(html):
    """Each paragraph (or block embed wrapper) of `html` that holds only a URL: (match, url)."""
    for match in LINK_ALONE.finditer(html):
        if match["bare"]:
            yield match, unescape(match["bare"])
        elif unescape(match["href"]) == unescape(match["text"]):
            yield match, unescape(match["href"])


def embed_links(html):
    """The body with its lone links made embeds (or plain links); asks providers about
    new URLs only (`Embed.objects.for_urls`)."""
    found = list(links_alone(html))
    if not found:
        return html
    embeds = Embed.objects.for_urls(url for _, url in found)
    parts, end = [], 0
    for match, url in found:
        parts += [html[end : match.start()], _render(match, url, embeds.get(url))]
        end = match.end()
    return "".join([*parts, html[end:]])


def _render(match, url, embed):
    """What takes a lone link's place: its embed, else a link; inside the block embed's
    wrapper when it was in one, so that its figure keeps the caption and aspect classes."""
    if embed is not None and embed.embeddable and embed.allowed():
        html = render_to_string("library/embed.html", {"embed": embed}).strip()
        return f"{BLOCK_WRAPPER}{html}</div>" if match["block"] else html
    if match["href"] is not None:
        return match[0]
    link = f'<a href="{escape(url)}">{escape(url)}</a>'
    return f"{BLOCK_WRAPPER}{link}</div>" if match["block"] else f"<p>{link}</p>"


def not_embedded(html):
    """(url, why) for each lone link in `html` an allowed provider was asked about and could
    not embed, so that the author can be told."""
    urls = [url for _, url in links_alone(html or "")]
    failed = Embed.objects.filter(url__in=urls, status=Embed.Status.FAILED)
    return [(embed.url, embed.problem) for embed in failed.order_by("url")]


def frame_origins(html):
    """The origins of the players on a page (for its CSP `frame-src`), in order."""
    origins = []
    for src in EMBED_SOURCE.findall(html or ""):
        parts = urlsplit(unescape(src))
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("http", "https") and parts.netloc and origin not in origins:
            origins.append(origin)
    return origins


def allow_frames(response, html):
    """Let `response` frame the players its page carries, and nothing else.

    Pages without players keep the site's policy, whose `frame-src` falls back to
    `default-src 'self'`. The policy is set as Django's `csp_override` sets it.
    """
    origins = frame_origins(html)
    if origins:
        policy = getattr(response, "_csp_config", settings.SECURE_CSP)
        response._csp_config = {**policy, "frame-src": origins}
    return response
