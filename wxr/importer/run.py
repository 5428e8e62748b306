"""The run: one pass over the file, in one transaction, each record handed to its kind.

`Importer` combines the record kinds' mixins. Each keeps its own state and reads the
rest through what the run sets: `summary`, `site`, `batch_size`, `media_dir`,
`fetch_media`, `dry_run`, `channel`. Items are dispatched as they stream in; what needs
the whole file (attachments' posts, featured images, galleries, nested pages, menus,
redirects, comment counts) is done at the end.
"""

from pathlib import Path

from django.contrib.sites.models import Site
from django.db import connection, reset_queries, transaction

from core import pagecache
from posts import related
from posts.models import Post

from ..reader import Author, Item, Term, WXRError, WXRReader
from ..statuses import POST_STATUS_FROM_WP, POST_STATUS_SKIPPED
from .attachments import AttachmentsMixin
from .authors import AuthorsMixin
from .comments import CommentsMixin
from .media import RemoteMediaMixin
from .menus import MenusMixin
from .pages import PagesMixin
from .posts import PostsMixin
from .redirects import RedirectsMixin
from .summary import Summary
from .terms import TermsMixin


class Importer(
    AuthorsMixin,
    TermsMixin,
    PostsMixin,
    CommentsMixin,
    AttachmentsMixin,
    RemoteMediaMixin,
    PagesMixin,
    MenusMixin,
    RedirectsMixin,
):
    """Import one WXR file. `run()` returns the `Summary`; errors raise `WXRError`."""

    # Rows per bulk query, and posts held in memory before they are written.
    batch_size = 500

    def __init__(self, *, media_dir=None, fetch_media=False, default_author=None, dry_run=False):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.fetch_media = fetch_media
        self.default_author_name = default_author
        self.dry_run = dry_run
        self.summary = Summary()

    def run(self, source):
        reader = WXRReader(source)
        self.channel = reader.channel
        # Thousands of saves (terms, pages) move the page cache once, after the commit.
        with pagecache.one_change(), self._copied_files_removed_on_failure(), transaction.atomic():
            self._load_existing()
            for record in reader:
                if isinstance(record, Item):
                    self._flush_terms()
                    self._item(record)
                elif isinstance(record, Term):
                    self._term(record)
                elif isinstance(record, Author):
                    self._author(record)
            self._flush_terms()
            self._check_version(reader.channel)
            self._finish()
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                transaction.on_commit(_content_changed)
        return self.summary

    def _load_existing(self):
        """What is already here, in memory, so that each item is matched without a query."""
        self.site = Site.objects.get_current()
        self._start_authors()
        self._start_posts()
        self._start_terms()
        self._start_attachments()
        self._start_media()
        self._start_redirects()
        self._start_pages()
        self._start_menus()
        self._start_comments()

    def _check_version(self, channel):
        self.summary.version = channel.version
        self.summary.source = " ".join(
            p for p in (f"“{channel.title}”" if channel.title else "", channel.link) if p
        )
        if channel.version:
            return
        if not channel.uses_wp_namespace:
            raise WXRError(
                "Not a WordPress export: missing required element <wp:wxr_version> in "
                "<channel>, and no WordPress namespace anywhere"
            )
        self.summary.warn("No <wp:wxr_version> in <channel>: read as WXR 1.0")
        self.summary.version = "1.0 (assumed)"

    def _item(self, item):
        post_type = item.post_type or "post"
        if not item.status:
            self.summary.warn("Items without <wp:status> were taken as published")
        if post_type == "post":
            self._post(item)
        elif post_type == "page":
            self._page(item)
        elif post_type == "attachment":
            self._attachment(item)
        elif post_type == "nav_menu_item":
            self._menu_item(item)
        else:
            self.summary.skip("items", f"of post type {post_type!r} (not supported)")

    def _forget_queries(self):
        """With DEBUG on, Django keeps the text of every query, and each batch's INSERTs
        carry whole posts: forget them once a batch is written, so memory stays flat. A
        test counting queries forces the debug cursor, and keeps its log."""
        if not connection.force_debug_cursor:
            reset_queries()

    def _status(self, item, kind):
        """(Post status, None) or (None, reason to skip)."""
        status = (item.status or "publish").strip().lower()
        if status in POST_STATUS_SKIPPED:
            return None, POST_STATUS_SKIPPED[status]
        if status not in POST_STATUS_FROM_WP:
            self.summary.warn(f"Unknown status {status!r} on {kind}: imported as a draft")
            return Post.Status.DRAFT, None
        return POST_STATUS_FROM_WP[status], None

    def _finish(self):
        """What needed the whole file, once its last item is read."""
        self._flush_posts()
        self._link_attachments()
        self._render_galleries()
        self._featured_images()
        self._remote_media()
        self._create_pages()
        self._create_menus()
        self._flush_redirects()
        self._refresh_comment_counts()
        # Bulk writes send no save signals: the imported posts' related posts, in one pass.
        related.refresh(self._imported_posts)


def _content_changed():
    """Tell search once: the import wrote without the per-row save signals (the page cache
    and front-end caches move once at the end of `run()`'s `pagecache.one_change()`)."""
    from posts import search

    search.refresh_documents()
