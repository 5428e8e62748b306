"""What every platform reader hands the writer: plain records, no database in sight.

A reader parses the whole export before anything is written, so a bad file stops
before the transaction opens; the writer then only matches and stores.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..reader import WXRError


class FormatError(WXRError):
    """An export that cannot be imported: not the platform's format, truncated, too big."""


@dataclass
class Person:
    """An author of a post or a comment, as the platform names them."""

    name: str
    username: str = ""
    email: str = ""
    url: str = ""


@dataclass
class EntryComment:
    """A comment; `key` (a number unique in its post) and `parent` thread it."""

    key: int
    author: Person
    html: str
    created: datetime | None
    parent: int = 0
    approved: bool = True


@dataclass
class Entry:
    """A post or a page. `status` is a `Post.Status` value; `html` is not yet sanitized."""

    kind: str  # "post" or "page"
    guid: str
    title: str
    html: str
    status: str
    published_at: datetime | None
    slug: str = ""
    excerpt: str = ""
    old_url: str = ""
    author: Person | None = None
    tags: list[tuple[str, str]] = field(default_factory=list)  # (slug, name), in order
    feature_image: str = ""
    feature_image_alt: str = ""
    feature_image_caption: str = ""
    enclosures: list[str] = field(default_factory=list)
    comments: list[EntryComment] = field(default_factory=list)
    comments_open: bool = True


@dataclass
class Export:
    """A whole export: what it is, its entries, and what the reader already left out.
    `name` is the platform in a word ("Ghost", "Blogger", "feed"), for the records made."""

    name: str
    platform: str
    title: str = ""
    link: str = ""
    entries: list[Entry] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # (kind, reason) → count
    warnings: Counter = field(default_factory=Counter)

    def skip(self, kind, reason):
        self.skipped[(kind, reason)] += 1

    def warn(self, message):
        self.warnings[message] += 1
