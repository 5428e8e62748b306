"""What a Webmention's source says about itself, read from its microformats2 (mf2py).

The source is the page another site published: usually an `h-entry` with an
author (`h-card`: name, photo, url), some content, and, when it is a response
to the target, a `u-in-reply-to`, `u-like-of` or `u-repost-of` naming it.
The entry that names the target is the one read; a page with no such entry is
a mention. The type follows W3C Post Type Discovery, for this one target: a
like of it, a repost of it, a reply to it, or a mention of it.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import mf2py
from django.utils.html import format_html
from django.utils.text import Truncator

from comments.models import Comment
from core.sanitize import plain_text, sanitize_comment_html

from . import incoming, pingback

Type = Comment.WebmentionType
# What a reply shows of its source; a longer one is cut, as text.
MAX_CONTENT = 2000
MAX_NAME = Comment._meta.get_field("author_name").max_length
MAX_AUTHOR_URL = Comment._meta.get_field("author_url").max_length
RESPONSE_PROPERTIES = (
    ("like-of", Type.LIKE),
    ("repost-of", Type.REPOST),
    ("in-reply-to", Type.REPLY),
)


@dataclass(frozen=True)
class Source:
    """What the Webmention will show: its type, its author, and what it says (sanitized)."""

    type: str
    author_name: str
    author_url: str
    author_photo: str
    body: str


def read(page, target):
    """The Source a fetched page makes for `target`, or None if the page does not link to it."""
    html = page.text()
    linked = pingback.read_source(page, target)
    document = mf2py.parse(doc=html, url=page.url)
    entries = list(_entries(document["items"]))
    entry, kind = _response_to(entries, target)
    if entry is None and linked is None:
        return None
    if entry is None:
        # A page that mentions the target in passing: its main entry speaks for it.
        entry, kind = (entries[0] if entries else None), Type.MENTION
    card = _author(entry, document["items"])
    author_url = _first_url(card.get("url", [])) if card else ""
    name = _text(card.get("name", [])) if card else ""
    if not name and entry is not None:
        name = _text(entry["properties"].get("name", []))
    if not name and linked is not None:
        name = linked.title
    name = incoming.storable(name) or urlsplit(author_url or page.url).hostname or page.url
    return Source(
        type=kind,
        author_name=Truncator(" ".join(name.split())).chars(MAX_NAME),
        author_url=author_url if len(author_url) <= MAX_AUTHOR_URL else "",
        author_photo=_first_url(card.get("photo", [])) if card else "",
        body=_body(kind, entry, linked),
    )


def _entries(items):
    """Every h-entry of the page, nested ones included, in document order."""
    for item in items:
        if "h-entry" in item.get("type", []):
            yield item
        yield from _entries(item.get("children", []))
        for values in item.get("properties", {}).values():
            yield from _entries(v for v in values if isinstance(v, dict) and "type" in v)


def _response_to(entries, target):
    """(the entry that responds to `target`, its type), or (None, None)."""
    for entry in entries:
        for prop, kind in RESPONSE_PROPERTIES:
            if any(pingback.same_page(url, target) for url in _urls(entry, prop)):
                return entry, kind
    return None, None


def _urls(item, prop):
    """The URLs of a property: plain strings, or embedded h-cites' url (or value)."""
    found = []
    for value in item.get("properties", {}).get(prop, []):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found.extend(
                u for u in value.get("properties", {}).get("url", []) if isinstance(u, str)
            )
            if isinstance(value.get("value"), str):
                found.append(value["value"])
    return found


def _author(entry, items):
    """The entry's author as an h-card's properties, else the page's first h-card."""
    for value in (entry or {}).get("properties", {}).get("author", []):
        if isinstance(value, dict):
            return value.get("properties", {})
        if isinstance(value, str):
            return {"url": [value]} if incoming.is_web_url(value) else {"name": [value]}
    card = next((i for i in items if "h-card" in i.get("type", [])), None)
    return card["properties"] if card else {}


def _first_url(values):
    for value in values:
        url = value.get("value") if isinstance(value, dict) else value
        if isinstance(url, str) and incoming.is_web_url(url):
            return url
    return ""


def _text(values):
    for value in values:
        text = value.get("value") if isinstance(value, dict) else value
        if isinstance(text, str) and text.strip():
            return text.strip()
    return ""


def _body(kind, entry, linked):
    """A reply's content; a mention's words around the link, as a pingback quotes them."""
    if kind in Comment.REACTIONS:
        return ""
    if kind == Type.REPLY and entry is not None:
        for prop in ("content", "summary", "name"):
            values = entry["properties"].get(prop, [])
            if not values:
                continue
            value = values[0]
            html = value.get("html", "") if isinstance(value, dict) else ""
            if html and len(plain_text(html)) <= MAX_CONTENT:
                return sanitize_comment_html(incoming.storable(html))
            text = plain_text(html) if html else _text(values)
            if text:
                short = Truncator(incoming.storable(text)).chars(MAX_CONTENT)
                return sanitize_comment_html(format_html("<p>{}</p>", short))
    if linked is not None:
        return sanitize_comment_html(format_html("<p>{}</p>", linked.excerpt))
    return ""
