"""Read a Blogger export into records: the classic Atom backup and the Takeout `feed.atom`.

Classic (Settings › Back up content): one Atom feed whose entries say what they are
by a `kind` category (`…/blogger/2008/kind#post`, `#page`, `#comment`, `#settings`,
`#template`); labels are categories with the scheme `http://www.blogger.com/atom/ns#`;
a draft has `app:control/app:draft` = yes; a comment names its post in
`thr:in-reply-to` and, when it answers another comment, links to it with
`rel="related"`; a post's old address is its `rel="alternate"` link.

Takeout (`Blogger/Blogs/<name>/feed.atom`): the same feed with `blogger:` elements
(`http://schemas.google.com/blogger/2018`) instead: `blogger:type` POST, PAGE or
COMMENT, `blogger:status` LIVE, DRAFT or DELETED, `blogger:filename` the old path,
and on a comment `blogger:parent` (its post) and `blogger:inReplyTo` (the comment
it answers). Both are read by one parse; settings and templates are counted, not kept.
"""

import hashlib
import re
from urllib.parse import urlsplit

from django.utils.dateparse import parse_datetime

from posts.models import Post

from .atom import atom, parse, text
from .records import Entry, EntryComment, Export, FormatError, Person

KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
TAKEOUT = "http://schemas.google.com/blogger/2018"
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
THREAD = "http://purl.org/syndication/thread/1.0"
GD = "http://schemas.google.com/g/2005"
ID_NUMBER = re.compile(r"(?:post|page|comment)-(\d+)$|^(\d+)$")
MAX_NUMBER = 2**63 - 1
# Blogger's stand-in address for authors who gave none.
NO_EMAIL = {"noreply@blogger.com"}
SKIPPED_KINDS = {
    "settings": "blog settings (this blog has its own)",
    "template": "templates (this blog has its own theme)",
}


def read_blogger(data):
    """An `Export` from the bytes of a Blogger export; FormatError for anything else."""
    root = parse(data, what="a Blogger export")
    if root.tag != atom("feed"):
        local = etree_local(root.tag)
        hint = " (a WordPress export? use import_wxr)" if local == "rss" else ""
        raise FormatError(
            f"Not a Blogger export: the root element is <{local}>, not an Atom <feed>{hint}"
        )
    takeout = any(
        child.tag.startswith(f"{{{TAKEOUT}}}")
        for entry in root.iter(atom("entry"))
        for child in entry
    )
    export = Export(
        name="Blogger", platform="Blogger Takeout export" if takeout else "Blogger export"
    )
    export.title = text(root, "title")
    export.link = _link(root, "alternate")
    reader = _Reader(export)
    kinds = [reader.read(entry, takeout) for entry in root.iter(atom("entry"))]
    if not any(kinds) and not text(root, "id").startswith("tag:blogger.com"):
        raise FormatError(
            "Not a Blogger export: no entry is marked as a Blogger post, page, comment, "
            "settings or template (for any other feed, use import_feed)"
        )
    reader.thread_comments()
    return export


def etree_local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else "?"


class _Reader:
    """Entries as they come; comments wait for the end, since they follow the posts."""

    def __init__(self, export):
        self.export = export
        self.posts = {}  # Blogger id → Entry
        self.comments = []  # (post id, EntryComment)

    def read(self, entry, takeout):
        """Read one entry; returns its kind, or None if it is not a Blogger one."""
        kind, status = _takeout_kind(entry) if takeout else _classic_kind(entry)
        if kind is None:
            return None
        if kind in SKIPPED_KINDS:
            self.export.skip("entries", SKIPPED_KINDS[kind])
        elif kind == "comment":
            self._comment(entry, status, takeout)
        elif kind in ("post", "page"):
            self._post(entry, kind, status, takeout)
        else:
            self.export.skip("entries", f"of kind {kind!r} (not supported)")
        return kind

    def _post(self, entry, kind, status, takeout):
        if status == "deleted":
            self.export.skip(f"{kind}s", "deleted on Blogger")
            return
        guid = text(entry, "id")
        old_url = text(entry, "filename", TAKEOUT) if takeout else _link(entry, "alternate")
        path = urlsplit(old_url).path
        slug = path.rsplit("/", 1)[-1].removesuffix(".html") if path else ""
        record = Entry(
            kind=kind,
            guid=guid,
            title=text(entry, "title"),
            html=text(entry, "content"),
            status=Post.Status.DRAFT if status == "draft" else Post.Status.PUBLISHED,
            published_at=_moment(text(entry, "published")),
            slug=slug,
            excerpt=text(entry, "metaDescription", TAKEOUT),
            old_url=old_url,
            author=_person(entry),
            tags=[("", name) for name in _labels(entry, takeout)],
        )
        self.posts[guid] = record
        self.export.entries.append(record)

    def _comment(self, entry, status, takeout):
        if status == "deleted":
            self.export.skip("comments", "deleted on Blogger")
            return
        if takeout:
            post_id = text(entry, "parent", TAKEOUT)
            parent = text(entry, "inReplyTo", TAKEOUT)
        else:
            reply = entry.find(f"{{{THREAD}}}in-reply-to")
            post_id = reply.get("ref", "") if reply is not None else ""
            parent = _link(entry, "related").rstrip("/").rsplit("/", 1)[-1]
        created = _moment(text(entry, "published"))
        self.comments.append(
            (
                post_id,
                EntryComment(
                    key=_number(text(entry, "id")),
                    author=_person(entry) or Person("Anonymous"),
                    html=text(entry, "content"),
                    created=created,
                    parent=_number(parent) if parent else 0,
                    approved=status in ("live", None),
                ),
            )
        )
        if status not in ("live", None):
            self.export.warn(
                f"Comments with the Blogger status {status!r} were held for moderation"
            )

    def thread_comments(self):
        for post_id, comment in self.comments:
            post = self.posts.get(post_id)
            if post is None:
                self.export.skip("comments", "on posts not in the export (or deleted)")
                continue
            post.comments.append(comment)


def _classic_kind(entry):
    for category in entry.iter(atom("category")):
        term = category.get("term", "")
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND_PREFIX):
            kind = term.removeprefix(KIND_PREFIX)
            if kind == "comment" and _removed(entry):
                return kind, "deleted"
            return kind, "draft" if _draft(entry) else None
    return None, None


def _takeout_kind(entry):
    kind = text(entry, "type", TAKEOUT).lower()
    if not kind:
        return _classic_kind(entry)
    status = text(entry, "status", TAKEOUT).lower() or None
    trashed = entry.find(f"{{{TAKEOUT}}}trashed")
    if trashed is not None and "".join(trashed.itertext()).strip():
        status = "deleted"
    return kind, status


def _draft(entry):
    for namespace in APP_NAMESPACES:
        if text(entry, f"control/{{{namespace}}}draft", namespace).lower() == "yes":
            return True
    return False


def _removed(entry):
    return any(
        prop.get("name") == "blogger.contentRemoved" and prop.get("value") == "true"
        for prop in entry.iter(f"{{{GD}}}extendedProperty")
    )


def _labels(entry, takeout):
    names = []
    for category in entry.iter(atom("category")):
        scheme, term = category.get("scheme", ""), category.get("term", "").strip()
        if not term or scheme == KIND_SCHEME:
            continue
        if scheme == LABEL_SCHEME or takeout:
            names.append(term)
    return names


def _link(element, rel):
    for link in element.findall(atom("link")):
        if link.get("rel", "alternate") == rel and link.get("href"):
            return link.get("href").strip()
    return ""


def _person(entry):
    author = entry.find(atom("author"))
    if author is None:
        return None
    name = text(author, "name")
    if not name:
        return None
    email = text(author, "email")
    uri = text(author, "uri")
    return Person(
        name=name,
        email="" if email in NO_EMAIL else email,
        url=uri if uri.startswith(("http://", "https://")) else "",
    )


def _number(blogger_id):
    """A comment's number: Blogger's own when it has one, else one derived from its id."""
    found = ID_NUMBER.search(blogger_id.strip())
    if found:
        number = int(found.group(1) or found.group(2))
        if 0 < number <= MAX_NUMBER:
            return number
    return int(hashlib.sha256(blogger_id.encode()).hexdigest()[:15], 16)


def _moment(value):
    try:
        return parse_datetime(value) if value else None
    except ValueError:
        return None
