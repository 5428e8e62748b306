"""Asking a provider about a link: its oEmbed answer, read as the untrusted input it is.

Everything goes through `core.fetch` (one deadline, a size limit, no private
addresses). An answer that is too large, slow, not JSON or not an oEmbed
object is refused with the reason; from one that is accepted only plain text
(title, names), a few numbers and the player's address are kept. The
provider's own HTML is read for that address and then thrown away: whatever
scripts or markup it carries never reach a page.
"""

import json
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import nh3
from django.conf import settings

from core import fetch

from . import providers

ANSWER_MAX_BYTES = 64 * 1024
PAGE_MAX_BYTES = 512 * 1024
TYPES = {"video", "rich", "photo", "link"}
MAX_TITLE = 300
MAX_NAME = 200
DEFAULT_SIZE = (640, 360)


class EmbedError(Exception):
    """The link could not be embedded; the message says why (kept on the Embed row)."""


@dataclass
class Answer:
    provider: providers.Provider
    provider_name: str
    title: str
    author_name: str
    player: str  # the address to frame, "" when the link is shown as a card
    width: int
    height: int
    thumbnail_url: str


def ask(url):
    """What the provider of `url` says about it, or None when no provider is allowed for it."""
    provider = providers.for_url(url)
    if provider is not None:
        query = urlencode({"url": url, "format": "json", "maxwidth": DEFAULT_SIZE[0]})
        endpoint = f"{provider.endpoint_for(url)}?{query}"
    elif settings.EMBED_DISCOVERY:
        endpoint = discover(url)
        provider = providers.discovered(endpoint)
    else:
        return None
    return read_answer(url, provider, get_json(endpoint))


def discover(url):
    """The oEmbed JSON endpoint a page advertises with <link rel="alternate">."""
    page = _fetch(url, PAGE_MAX_BYTES, accept="text/html")
    finder = _DiscoveryLink()
    finder.feed(page.text())
    if not finder.href:
        raise EmbedError("the page advertises no oEmbed (JSON) discovery link")
    endpoint = urljoin(page.url, finder.href)
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise EmbedError("the discovery link is not an http(s) address")
    return endpoint


def get_json(endpoint):
    response = _fetch(endpoint, ANSWER_MAX_BYTES, accept="application/json")
    try:
        data = json.loads(response.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EmbedError("the oEmbed answer is not JSON") from None
    if not isinstance(data, dict) or data.get("type") not in TYPES:
        raise EmbedError("the oEmbed answer is not an oEmbed object (no known type)")
    return data


def _fetch(url, max_bytes, *, accept):
    try:
        response = fetch.fetch(url, headers={"Accept": accept}, max_bytes=max_bytes)
    except fetch.FetchError as exc:
        raise EmbedError(f"{urlsplit(url).hostname}: {exc}") from exc
    if response.truncated:
        raise EmbedError(f"the answer is larger than {max_bytes // 1024} KB")
    if not response.ok:
        raise EmbedError(f"the provider answered HTTP {response.status}")
    return response


def read_answer(url, provider, data):
    """The parts of an answer worth keeping, each checked."""
    finder = _PlayerSource()
    html = data.get("html")
    finder.feed(html if isinstance(html, str) else "")
    player = provider.player(url, finder.src) if finder.src else None
    if finder.src and not player and not provider.discovered:
        raise EmbedError(f"the player is not on {provider.name}'s own hosts")
    title = _text(data.get("title"), MAX_TITLE)
    author = _text(data.get("author_name"), MAX_NAME)
    thumbnail = _text(data.get("thumbnail_url"), 2000)
    return Answer(
        provider=provider,
        provider_name=_text(data.get("provider_name"), MAX_NAME) or provider.name,
        title=title or (f"Post by {author}" if author else url),
        author_name=author,
        player=player or "",
        width=_size(data.get("width"), DEFAULT_SIZE[0]),
        height=_size(data.get("height"), DEFAULT_SIZE[1]),
        thumbnail_url=thumbnail if thumbnail.startswith(("https://", "http://")) else "",
    )


def _text(value, limit):
    """A field as plain text (tags, scripts and entities gone, spaces collapsed), cut to
    `limit`."""
    if not isinstance(value, str):
        return ""
    return " ".join(unescape(nh3.clean(value[: limit * 4], tags=set())).split())[:limit]


def _size(value, default):
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4000:
        return value
    return default


class _PlayerSource(HTMLParser):
    """The first player address in a provider's HTML: an iframe's src, else a Mastodon
    blockquote's data-embed-url. Nothing else of that HTML is kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.src = ""

    def handle_starttag(self, tag, attrs):
        if self.src:
            return
        attributes = dict(attrs)
        if tag == "iframe" and attributes.get("src"):
            self.src = attributes["src"].strip()
        elif attributes.get("data-embed-url"):
            self.src = attributes["data-embed-url"].strip()


class _DiscoveryLink(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.href = ""

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if (
            tag == "link"
            and not self.href
            and "alternate" in attributes.get("rel", "").lower().split()
            and attributes.get("type", "").lower() == "application/json+oembed"
        ):
            self.href = attributes.get("href", "").strip()
