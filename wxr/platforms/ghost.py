"""Read a Ghost JSON export (Settings › Labs › Export, Ghost 4 and 5) into records.

The file mirrors Ghost's database: `{"db": [{"meta": {...}, "data": {...}}]}` (or the
inner object alone) with tables `posts`, `tags`, `posts_tags`, `users`,
`posts_authors` and `posts_meta`. A post's body is its `html` when the export has
it, else its `lexical` (Ghost 5) or `mobiledoc` (older) rendered here. Ghost writes
its own address as `__GHOST_URL__` so that an export can move; `--site-url` puts
the old address back, otherwise such links become relative to this site (where
the redirects below catch the old post addresses).

Statuses: published, draft, scheduled (a future `published_at`); email-only posts
(`sent`) come in as drafts, members-only ones as private. Internal tags (`#name`)
are Ghost's own bookkeeping and are skipped. Old addresses are Ghost's default
permalinks, `/<slug>/`.
"""

import datetime
import json

from django.utils.dateparse import parse_datetime

from posts.models import Post

from .lexical import render_lexical
from .mobiledoc import render_mobiledoc
from .records import Entry, Export, FormatError, Person

GHOST_URL = "__GHOST_URL__"
STATUSES = {
    "published": Post.Status.PUBLISHED,
    "scheduled": Post.Status.PUBLISHED,  # its future published_at schedules it here too
    "draft": Post.Status.DRAFT,
    "sent": Post.Status.DRAFT,
}


def read_ghost(data, *, site_url=""):
    """An `Export` from the bytes of a Ghost export; FormatError for anything else."""
    document = _json(data)
    db = document.get("db") if isinstance(document, dict) else None
    root = db[0] if isinstance(db, list) and db and isinstance(db[0], dict) else document
    tables = root.get("data") if isinstance(root, dict) else None
    if not isinstance(tables, dict) or not isinstance(tables.get("posts"), list):
        raise FormatError(
            'Not a Ghost export: expected {"db": [{"meta": …, "data": {"posts": […]}}]}'
        )
    version = str((root.get("meta") or {}).get("version") or "")
    export = Export(name="Ghost", platform=f"Ghost {version} export".replace("  ", " "))
    export.title = _setting(tables, "title")
    reader = _Reader(tables, export, site_url.rstrip("/"))
    for row in tables["posts"]:
        if isinstance(row, dict):
            entry = reader.entry(row)
            if entry is not None:
                export.entries.append(entry)
    return export


def _json(data):
    if data.lstrip()[:1] == b"<":
        raise FormatError(
            "Not a Ghost export: this is XML (a WordPress export? use import_wxr; "
            "Blogger? use import_blogger)"
        )
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise FormatError(f"Not a Ghost export: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        # A whole export ends its top-level object; one that does not was cut short.
        truncated = " (is the file cut short?)" if data.rstrip()[-1:] != b"}" else ""
        raise FormatError(f"Not valid JSON{truncated}: {exc.msg}", exc.lineno, exc.colno) from exc


def _setting(tables, key):
    for row in tables.get("settings") or []:
        if isinstance(row, dict) and row.get("key") == key and isinstance(row.get("value"), str):
            return row["value"]
    return ""


def _rows(tables, name):
    return [row for row in tables.get(name) or [] if isinstance(row, dict)]


def _ordered(links, key, value):
    """Each `key` → its `value`s, in the export's sort order."""
    grouped = {}
    for link in sorted(links, key=lambda link: link.get("sort_order") or 0):
        grouped.setdefault(link.get(key), []).append(link.get(value))
    return grouped


class _Reader:
    """The export's tables, indexed, and the rules that turn a post row into an Entry."""

    def __init__(self, tables, export, site_url):
        self.export = export
        self.site_url = site_url
        self.users = {row.get("id"): row for row in _rows(tables, "users")}
        self.tags = {row.get("id"): row for row in _rows(tables, "tags")}
        self.meta = {row.get("post_id"): row for row in _rows(tables, "posts_meta")}
        self.post_tags = _ordered(_rows(tables, "posts_tags"), "post_id", "tag_id")
        self.post_authors = _ordered(_rows(tables, "posts_authors"), "post_id", "author_id")
        self.left_relative = False

    def entry(self, row):
        kind = row.get("type") or ("page" if row.get("page") else "post")
        if kind not in ("post", "page"):
            self.export.skip("posts", f"of type {kind!r} (not supported)")
            return None
        status = STATUSES.get(row.get("status"))
        if status is None:
            self.export.warn(f"Unknown Ghost status {row.get('status')!r}: imported as a draft")
            status = Post.Status.DRAFT
        if row.get("status") == "sent":
            self.export.warn("Email-only Ghost posts (sent as newsletters) came in as drafts")
        if row.get("visibility") not in (None, "public"):
            self.export.warn("Members-only Ghost posts came in as private posts")
            status = Post.Status.PRIVATE if status == Post.Status.PUBLISHED else status
        title = str(row.get("title") or "")
        meta = self.meta.get(row.get("id")) or {}
        slug = str(row.get("slug") or "")
        return Entry(
            kind=kind,
            guid=str(row.get("id") or row.get("uuid") or ""),
            title=title,
            html=self._urls(self._body(row, title)),
            status=status,
            published_at=_moment(row.get("published_at")) or _moment(row.get("created_at")),
            slug=slug,
            excerpt=str(row.get("custom_excerpt") or ""),
            old_url=f"/{slug}/" if slug else "",
            author=self._author(row),
            tags=self._tags(row),
            feature_image=self._urls(str(row.get("feature_image") or "")),
            feature_image_alt=str(
                meta.get("feature_image_alt") or row.get("feature_image_alt") or ""
            ),
            feature_image_caption=str(
                meta.get("feature_image_caption") or row.get("feature_image_caption") or ""
            ),
        )

    def _body(self, row, title):
        if row.get("html"):
            return str(row["html"])
        for field, render in (("lexical", render_lexical), ("mobiledoc", render_mobiledoc)):
            if row.get(field):
                try:
                    document = (
                        row[field] if isinstance(row[field], dict) else json.loads(row[field])
                    )
                    return render(document, self.export.warn)
                except (ValueError, TypeError, KeyError, IndexError) as exc:
                    raise FormatError(
                        f"Post “{title}”: its {field} cannot be read ({exc})"
                    ) from exc
        return ""

    def _urls(self, text):
        """Ghost's `__GHOST_URL__` back to the old address, or away (a relative link)."""
        if GHOST_URL not in text:
            return text
        if not self.site_url and not self.left_relative:
            self.left_relative = True
            self.export.warn(
                "Links and images on the old Ghost site (__GHOST_URL__) were made relative to "
                "this one: give --site-url to point them at the old site (and to fetch its "
                "images with --fetch-media)"
            )
        return text.replace(GHOST_URL, self.site_url)

    def _author(self, row):
        ids = self.post_authors.get(row.get("id")) or [row.get("author_id")]
        user = self.users.get(ids[0])
        if user is None:
            return None
        return Person(
            name=str(user.get("name") or ""),
            username=str(user.get("slug") or ""),
            email=str(user.get("email") or ""),
        )

    def _tags(self, row):
        tags = []
        for tag_id in self.post_tags.get(row.get("id")) or []:
            tag = self.tags.get(tag_id)
            if tag is None:
                self.export.warn("Tags a post names that are not in the export were left out")
                continue
            name = str(tag.get("name") or "")
            if tag.get("visibility") == "internal" or name.startswith("#"):
                self.export.skip("tags", "internal Ghost tags (#…), Ghost's own bookkeeping")
                continue
            tags.append((str(tag.get("slug") or ""), name))
        return tags


def _moment(value):
    """Ghost's ISO 8601 dates (older exports: milliseconds since 1970), aware; else None."""
    if isinstance(value, int | float):
        return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value.replace(" ", "T", 1))
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)  # Ghost stores UTC
    return moment
