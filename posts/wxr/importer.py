"""Write a WXR file's records to the database: one transaction, safe to run twice.

What becomes what:
- authors → inactive users with no usable password, matched by login;
- categories (nested, by nicename) and tags (by slug), also those only named on items;
- posts → `Post`, matched by GUID, then WordPress id (a post written here: by title and
  date, as WordPress matches); comments → `Comment`, matched by (post, WordPress comment
  id), threaded, with their status and kind;
- pages → flat pages at their nested URL; attachments → `Attachment` (their URL);
  `_thumbnail_id` → the post's featured image;
- old addresses (`<link>`, `/?page_id=`) → redirects.

Imported posts and comments are inserted as fixtures are, in batches and without the
save signals: as with WordPress's own importer, old content sends no pingbacks,
trackbacks or comment notifications, and the page cache is told once at the end.
What the matching needs is held in memory as ids and keys only, so memory grows with
the number of posts, not with their text. Anything that cannot be kept is counted,
with the reason, in the summary rather than silently dropped.
"""

import datetime
import email.utils
import hashlib
import html
import ipaddress
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.text import slugify

from comments.models import Comment
from posts import images
from posts.models import RESERVED_SLUGS, Attachment, Category, Post, Tag
from posts.sanitize import excerpt_from_html, plain_text

from .content import render_comment, render_post
from .reader import Author, Item, Term, WXRError, WXRReader

POST_STATUS = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,  # with its future date: scheduled
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.PENDING,
    "private": Post.Status.PRIVATE,
}
SKIPPED_STATUS = {
    "auto-draft": "auto-draft (never saved by its author)",
    "trash": "in the trash",
    "inherit": "a revision",
}
COMMENT_STATUS = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "approved": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
COMMENT_KIND = {
    "": Comment.Kind.COMMENT,
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
}
TAG_DOMAINS = {"post_tag", "tag"}
IGNORED_TAXONOMIES = {"nav_menu": "navigation menus are not imported"}
FALLBACK_AUTHOR = "wordpress"
BATCH = 500
WP_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")


class Summary:
    """Counts of what was imported and skipped (with reasons), and warnings, for the report."""

    ORDER = ("authors", "categories", "tags", "posts", "pages", "attachments", "comments")

    def __init__(self):
        self.imported = Counter()
        self.details = defaultdict(Counter)
        self.skipped = defaultdict(Counter)
        self.warnings = Counter()
        self.version = ""
        self.source = ""

    def add(self, kind, detail=None):
        self.imported[kind] += 1
        if detail:
            self.details[kind][detail] += 1

    def skip(self, kind, reason):
        self.skipped[kind][reason] += 1

    def warn(self, message):
        self.warnings[message] += 1

    def lines(self, *, dry_run=False):
        kinds = [*self.ORDER, *(k for k in self.imported if k not in self.ORDER)]
        parts = []
        for kind in kinds:
            if kind not in self.imported and kind not in self.ORDER[:5]:
                continue
            part = f"{self.imported[kind]} {kind}"
            if self.details[kind]:
                part += " (" + ", ".join(f"{n} {d}" for d, n in self.details[kind].items()) + ")"
            parts.append(part)
        lines = []
        if self.version or self.source:
            lines.append(f"WXR {self.version or '?'}: {self.source}".rstrip(": "))
        lines.append(("Would import: " if dry_run else "Imported: ") + "; ".join(parts))
        if self.skipped:
            lines.append("Skipped:")
            for kind, reasons in self.skipped.items():
                for reason, n in reasons.items():
                    lines.append(f"  {kind}: {n} {reason}")
        if self.warnings:
            lines.append("Warnings:")
            for message, n in self.warnings.items():
                lines.append(f"  {message}" + (f" (×{n})" if n > 1 else ""))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return lines


@dataclass
class PageRecord:
    wp_id: int | None
    parent: int
    slug: str
    title: str
    content: str
    status: str
    password: str
    link: str
    line: int


@dataclass
class PendingPost:
    """A post read from the file, waiting for its batch to be written."""

    post: Post
    base_slug: str
    category_ids: list
    tag_ids: list
    link: str
    thumbnail: str
    gallery_source: str | None
    comments: list


@dataclass
class Medium:
    """What a gallery shows of an attachment."""

    url: str
    alt: str
    title: str
    caption: str


def username_from_login(login):
    """A Django username for a WordPress login: the characters Django allows, NFC, ≤150."""
    login = unicodedata.normalize("NFC", login.strip()).replace(" ", "-")
    return re.sub(r"[^\w.@+-]", "", login)[:150]


def term_slug(nicename, name, max_length):
    """A URL-safe slug for a WordPress term; the same input always gives the same slug."""
    slug = slugify(unquote(nicename or ""), allow_unicode=True) or slugify(
        html.unescape(name or ""), allow_unicode=True
    )
    slug = slug[:max_length].strip("-")
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-term"
    return slug


def old_path(url):
    """The path (and query) of an old address, written as Django's request.get_full_path()."""
    parts = urlsplit((url or "").strip())
    if not parts.path and not parts.query:
        return ""
    path = escape_uri_path(unquote(parts.path or "/"))
    return path + (f"?{iri_to_uri(unquote(parts.query))}" if parts.query else "")


def free_slug(base, day, taken):
    """posts.models.unique_slug's rule (`base`, `base-2`, …, never a reserved word), applied
    to a batch of posts with the day's slugs in `taken` instead of a query per post."""
    base = (base or "item")[:192].strip("-") or "item"
    slug, n = base, 2
    while (day, slug) in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def parse_wp_date(value, *, utc):
    """WordPress's "YYYY-MM-DD HH:MM:SS" (UTC or the site's time zone); None if unset or bad."""
    match = WP_DATE.match((value or "").strip())
    if not match:
        return None
    try:
        numbers = [int(g or 0) for g in match.groups()]
        moment = datetime.datetime(*numbers)
    except ValueError:  # 0000-00-00 00:00:00, WordPress's "never"
        return None
    if utc:
        return moment.replace(tzinfo=datetime.UTC)
    return timezone.make_aware(moment)


def parse_rfc822(value):
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


def wp_datetime(gmt, local, rfc822=""):
    return (
        parse_wp_date(gmt, utc=True)
        or parse_wp_date(local, utc=False)
        or (parse_rfc822(rfc822) if rfc822 else None)
    )


def valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def fingerprint_guid(item):
    """A stable stand-in GUID for an item that has neither a WordPress id nor a GUID."""
    digest = hashlib.sha256(
        "\x00".join([item.title, item.post_date_gmt, item.post_date, item.content]).encode()
    ).hexdigest()
    return f"urn:wxr-import:{digest[:32]}"


class Importer:
    """Import one WXR file. `run()` returns the `Summary`; errors raise `WXRError`."""

    def __init__(self, *, media_dir=None, default_author=None, dry_run=False):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.default_author_name = default_author
        self.dry_run = dry_run
        self.summary = Summary()

    # The run

    def run(self, source):
        reader = WXRReader(source)
        self._saved_files = []
        try:
            with transaction.atomic():
                self._load_existing()
                for record in reader:
                    if isinstance(record, Item):
                        self._flush_terms()
                        self._item(record)
                    elif isinstance(record, Term):
                        self._pending_terms.append(record)
                    elif isinstance(record, Author):
                        self._author(record)
                self._flush_terms()
                self._check_version(reader.channel)
                self._finish()
                if self.dry_run:
                    transaction.set_rollback(True)
                else:
                    transaction.on_commit(_content_changed)
        except BaseException:
            for name in self._saved_files:
                _delete_stored_image(name)
            raise
        return self.summary

    def _load_existing(self):
        """What is already here, in memory, so that each item is matched without a query."""
        User = get_user_model()
        self.site = Site.objects.get_current()
        self.default_author = None
        if self.default_author_name:
            self.default_author = User.objects.filter(username=self.default_author_name).first()
            if self.default_author is None:
                raise WXRError(f"No user named {self.default_author_name!r} for --default-author")
        self.users = {}
        self.users_by_wp_id = {}
        self.posts_by_guid = {}
        self.posts_by_wp_id = {}
        for pk, wp_id, guid in Post.objects.exclude(wp_id=None, wp_guid="").values_list(
            "pk", "wp_id", "wp_guid"
        ):
            if guid:
                self.posts_by_guid[guid] = pk
            if wp_id:
                self.posts_by_wp_id[wp_id] = (pk, guid)
        # Posts written here, by title and date: an export of this blog coming back.
        self.posts_written_here = {
            (title, published_at.replace(microsecond=0)): pk
            for pk, title, published_at in Post.objects.filter(wp_id=None, wp_guid="").values_list(
                "pk", "title", "published_at"
            )
        }
        self.categories = dict(Category.objects.values_list("slug", "pk"))
        self.tags = dict(Tag.objects.values_list("slug", "pk"))
        self._new_tags = set()
        self.new_categories = {}
        self.attachments_by_wp_id = {
            wp_id: (pk, url)
            for wp_id, pk, url in Attachment.objects.exclude(wp_id=None).values_list(
                "wp_id", "pk", "url"
            )
        }
        self.file_attachments = {}  # this file's attachment ids → rows, for its posts
        self.redirect_paths = set(
            Redirect.objects.filter(site=self.site).values_list("old_path", flat=True)
        )
        self.page_urls = set(FlatPage.objects.values_list("url", flat=True))
        self._pending_terms, self._pending_posts, self._pending_keys = [], [], set()
        self._category_links, self._tag_links, self._redirects = [], [], []
        self._pages, self._thumbnails, self._galleries = [], [], []
        self._attachment_parents, self._attached_files = [], {}
        self._commented_posts = set()
        self._custom_taxonomies = Counter()

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

    # Authors

    def _author(self, record):
        user = self._user(record.login, record)
        if record.wp_id:
            self.users_by_wp_id[record.wp_id] = user

    def _user(self, login, record=None):
        """The user for a WordPress login, created inactive and password-less if new."""
        username = username_from_login(login)
        if not username:
            return self._fallback_author()
        if username in self.users:
            return self.users[username]
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            self.summary.skip("authors", "already a user here (posts are given to them)")
        else:
            user = User(username=username, is_active=False)
            if record is not None:
                user.email = record.email[:254]
                user.first_name = record.first_name[:150]
                user.last_name = record.last_name[:150]
                if not (user.first_name or user.last_name) and record.display_name != login:
                    # No names, but a chosen display name: keep it where names are shown.
                    user.first_name = record.display_name[:150]
            user.set_unusable_password()
            user.save()
            self.summary.add("authors")
        self.users[username] = user
        return user

    def _fallback_author(self):
        if self.default_author is not None:
            return self.default_author
        self.summary.warn(
            f"Items without an author were given to the inactive user {FALLBACK_AUTHOR!r} "
            "(use --default-author to choose one)"
        )
        return self._user(FALLBACK_AUTHOR)

    def _author_of(self, item):
        if item.creator:
            return self._user(item.creator)
        return self._fallback_author()

    # Terms

    def _flush_terms(self):
        if not self._pending_terms:
            return
        terms, self._pending_terms = self._pending_terms, []
        categories = [t for t in terms if t.taxonomy == "category"]
        for term in terms:
            if term.taxonomy in TAG_DOMAINS:
                self._tag(term.slug, term.name, defined=True)
            elif term.taxonomy in IGNORED_TAXONOMIES:
                self.summary.skip("terms", IGNORED_TAXONOMIES[term.taxonomy])
            elif term.taxonomy != "category":
                self._custom_taxonomy(term.taxonomy)
        # Parents first, whatever order the file has them in.
        by_slug = {term_slug(t.slug, t.name, 200): t for t in categories}
        placed = set()
        while categories:
            ready = [
                t
                for t in categories
                if not t.parent
                or term_slug(t.parent, "", 200) in placed
                or term_slug(t.parent, "", 200) not in by_slug
            ]
            if not ready:  # a loop of parents: break it at the first one
                ready = categories[:1]
                self.summary.warn(f"Category {ready[0].slug!r} is its own ancestor; put at the top")
                ready[0].parent = ""
            for term in ready:
                self._category(term.slug, term.name, term.parent, term.description, defined=True)
                placed.add(term_slug(term.slug, term.name, 200))
            categories = [t for t in categories if t not in ready]

    def _category(self, nicename, name, parent="", description="", *, defined=False):
        slug = term_slug(nicename, name, 200)
        if not slug:
            self.summary.skip("categories", "with neither a nicename nor a name")
            return None
        if slug in self.categories and slug not in self.new_categories:
            if defined:
                self.summary.skip("categories", "already here (matched by nicename)")
            return self.categories[slug]
        parent_pk = None
        if parent:
            parent_slug = term_slug(parent, "", 200)
            parent_pk = self.categories.get(parent_slug)
            if parent_pk is None:
                self.summary.warn(f"Parent category {parent!r} of {nicename!r} is not in the file")
        if slug in self.new_categories:
            # Named on an item before its definition: the definition fills it in.
            if defined:
                Category.objects.filter(pk=self.categories[slug]).update(description=description)
                if parent_pk:
                    category = Category.objects.get(pk=self.categories[slug])
                    category.parent_id = parent_pk
                    category.save()
            return self.categories[slug]
        category = Category(
            name=html.unescape(name or nicename)[:200],
            slug=slug,
            parent_id=parent_pk,
            description=description,
        )
        category.save()
        self.categories[slug] = category.pk
        self.new_categories[slug] = category.pk
        self.summary.add("categories")
        return category.pk

    def _tag(self, slug_text, name, *, defined=False):
        slug = term_slug(slug_text, name, 100)
        if not slug:
            self.summary.skip("tags", "with neither a slug nor a name")
            return None
        if slug in self.tags:
            if defined and slug not in self._new_tags:
                self.summary.skip("tags", "already here (matched by slug)")
            return self.tags[slug]
        tag = Tag(name=html.unescape(name or slug_text)[:100], slug=slug)
        tag.save()
        self.tags[slug] = tag.pk
        self._new_tags.add(slug)
        self.summary.add("tags")
        return tag.pk

    def _custom_taxonomy(self, taxonomy):
        if taxonomy == "post_format":
            self.summary.skip("terms", "post formats (this blog has none)")
            return
        if not self._custom_taxonomies[taxonomy]:
            self.summary.warn(
                f"Custom taxonomy {taxonomy!r} is not supported: its terms were skipped"
            )
        self._custom_taxonomies[taxonomy] += 1
        self.summary.skip("terms", f"of the custom taxonomy {taxonomy!r}")

    def _item_terms(self, item):
        category_ids, tag_ids = [], []
        for term in item.terms:
            if term.domain == "category":
                pk = self._category(term.nicename, term.name)
                if pk and pk not in category_ids:
                    category_ids.append(pk)
            elif term.domain in TAG_DOMAINS:
                pk = self._tag(term.nicename, term.name)
                if pk and pk not in tag_ids:
                    tag_ids.append(pk)
            elif term.domain == "post_format":
                self.summary.warn("Post formats are not kept (this blog has none)")
            elif term.domain not in IGNORED_TAXONOMIES:
                self._custom_taxonomy(term.domain)
        return category_ids, tag_ids

    # Items

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
        else:
            self.summary.skip("items", f"of post type {post_type!r} (not supported)")

    def _status(self, item, kind):
        """(Post status, None) or (None, reason to skip)."""
        status = (item.status or "publish").strip().lower()
        if status in SKIPPED_STATUS:
            return None, SKIPPED_STATUS[status]
        if status not in POST_STATUS:
            self.summary.warn(f"Unknown status {status!r} on {kind}: imported as a draft")
            return Post.Status.DRAFT, None
        return POST_STATUS[status], None

    def _post(self, item):
        status, reason = self._status(item, "posts")
        if reason:
            self.summary.skip("posts", reason)
            return
        guid = item.guid or (None if item.wp_id else fingerprint_guid(item))
        published_at = wp_datetime(item.post_date_gmt, item.post_date, item.pub_date)
        published_at = published_at or timezone.now()
        title = plain_text(item.title)
        if self._pending_post_matches(item.wp_id, guid):
            self._flush_posts()  # the file repeats an item: match it against the written one
        existing = self._existing_post(item.wp_id, guid, title, published_at)
        if existing:
            self.summary.skip("posts", "already here (matched by GUID, WordPress id or date)")
            self._save_comments([self._prepare_comments(existing, item.comments, existing=True)])
            return
        wp_id = item.wp_id
        if wp_id and wp_id in self.posts_by_wp_id:
            self.summary.warn(
                "Posts whose WordPress id belongs to another imported post (a different GUID) "
                "were imported without it; /?p= links to them will not redirect"
            )
            wp_id = None
        if not item.wp_id:
            self.summary.warn("Items without <wp:post_id> were matched by GUID or content")

        body, teaser = render_post(item.content)
        if len(title) > 300:
            self.summary.warn("Titles longer than 300 characters were shortened")
        excerpt = plain_text(item.excerpt) or (plain_text(teaser) if teaser else "")
        password = item.password
        if len(password) > 100:
            self.summary.warn("Post passwords longer than 100 characters were shortened")
        category_ids, tag_ids = self._item_terms(item)
        if not category_ids:
            category_ids = [self._default_category()]
        post = Post(
            title=title[:300],
            author=self._author_of(item),
            status=status,
            published_at=published_at,
            published_on=timezone.localdate(published_at),
            excerpt=excerpt or excerpt_from_html(body),
            body=body,
            password=password[:100],
            comments_open=item.comment_status.lower() != "closed",
            pings_open=item.ping_status.lower() != "closed",
            sticky=item.is_sticky,
            wp_id=wp_id,
            wp_guid=(guid or "")[:500],
            primary_category_id=category_ids[0],
        )
        base = slugify(unquote(item.post_name), allow_unicode=True)[:200].strip("-")
        self._pending_posts.append(
            PendingPost(
                post=post,
                base_slug=base or slugify(title, allow_unicode=True),
                category_ids=category_ids,
                tag_ids=tag_ids,
                link=item.link,
                thumbnail=item.meta.get("_thumbnail_id", ""),
                gallery_source=item.content if "[gallery" in item.content else None,
                comments=item.comments,
            )
        )
        self._pending_keys.update(key for key in (post.wp_guid, post.wp_id) if key)
        if len(self._pending_posts) >= BATCH:
            self._flush_posts()

    def _pending_post_matches(self, wp_id, guid):
        return (guid and guid in self._pending_keys) or (wp_id and wp_id in self._pending_keys)

    def _flush_posts(self):
        """Write the posts read so far, with their terms and comments, a few queries a batch."""
        batch, self._pending_posts = self._pending_posts, []
        self._pending_keys = set()
        if not batch:
            return
        days = {pending.post.published_on for pending in batch}
        taken = set(Post.objects.filter(published_on__in=days).values_list("published_on", "slug"))
        for pending in batch:
            post = pending.post
            post.slug = free_slug(pending.base_slug, post.published_on, taken)
            taken.add((post.published_on, post.slug))
        Post.objects.bulk_create([pending.post for pending in batch], batch_size=BATCH)

        comment_groups = []
        for pending in batch:
            post = pending.post
            if post.wp_id:
                self.posts_by_wp_id[post.wp_id] = (post.pk, post.wp_guid)
            if post.wp_guid:
                self.posts_by_guid[post.wp_guid] = post.pk
            self._category_links += [
                Post.categories.through(post_id=post.pk, category_id=pk)
                for pk in pending.category_ids
            ]
            self._tag_links += [
                Post.tags.through(post_id=post.pk, tag_id=pk) for pk in pending.tag_ids
            ]
            self._add_redirect(pending.link, post.get_absolute_url(), skip=f"/?p={post.wp_id}")
            if pending.thumbnail.isdigit():
                self._thumbnails.append((post.pk, int(pending.thumbnail), post.title))
            if pending.gallery_source is not None:
                self._galleries.append((post.pk, pending.gallery_source))
            comment_groups.append(self._prepare_comments(post.pk, pending.comments))
            self.summary.add("posts", self._post_detail(post))
        self._save_comments(comment_groups)
        self._flush_links()

    @staticmethod
    def _post_detail(post):
        if post.status == Post.Status.PUBLISHED and post.published_at > timezone.now():
            return "scheduled"
        return post.get_status_display().lower()

    def _existing_post(self, wp_id, guid, title, published_at):
        """The post this item already is: same GUID, same WordPress id (unless the GUIDs
        differ), or, as WordPress's importer decides, a post written here with the same
        title and date (an export of this blog coming back)."""
        if guid and guid in self.posts_by_guid:
            return self.posts_by_guid[guid]
        if wp_id and wp_id in self.posts_by_wp_id:
            pk, known_guid = self.posts_by_wp_id[wp_id]
            if not guid or not known_guid or guid == known_guid:
                return pk
        return self.posts_written_here.get((title[:300], published_at.replace(microsecond=0)))

    def _default_category(self):
        slug = Category.DEFAULT_SLUG
        if slug not in self.categories:
            self.categories[slug] = Category.default().pk
        return self.categories[slug]

    # Comments

    def _prepare_comments(self, post_pk, records, *, existing=False):
        """(post pk, ids of its comments already here, [(new Comment, its record)])."""
        known, written_here = {}, {}
        if existing and records:
            # By WordPress id; a comment written here, by its author and time.
            for pk, wp_id, name, when in Comment.objects.filter(post_id=post_pk).values_list(
                "pk", "wp_id", "author_name", "created"
            ):
                if wp_id is None:
                    written_here[(name, when.replace(microsecond=0))] = pk
                else:
                    known[wp_id] = pk
        pairs, seen = [], set()
        for record in records:
            when = wp_datetime(record.date_gmt, record.date) or timezone.now()
            name = html.unescape(record.author)[:100] or "Anonymous"
            if record.wp_id not in known and (name, when) in written_here:
                known[record.wp_id] = written_here[(name, when)]
            if record.wp_id in known:
                self.summary.skip("comments", "already here")
                continue
            if record.wp_id in seen:
                self.summary.skip("comments", "repeated in the file")
                continue
            kind = COMMENT_KIND.get(record.type.lower())
            if kind is None:
                self.summary.skip("comments", f"of type {record.type!r} (not supported)")
                continue
            status = COMMENT_STATUS.get(record.approved.lower())
            if status is None:
                self.summary.warn(f"Unknown comment status {record.approved!r}: held as pending")
                status = Comment.Status.PENDING
            comment = Comment(
                post_id=post_pk,
                kind=kind,
                status=status,
                moderation_reason="Imported from WordPress",
                author_name=name,
                author_email=self._comment_email(record.author_email),
                author_url=self._comment_url(record.author_url),
                user=self.users_by_wp_id.get(str(record.user_id)) if record.user_id else None,
                ip=valid_ip(record.author_ip),
                body=render_comment(record.content),
                created=when,
                status_changed=when,
                wp_id=record.wp_id,
                approval_announced=status == Comment.Status.APPROVED,
            )
            pairs.append((comment, record))
            seen.add(record.wp_id)
        return post_pk, known, pairs

    def _save_comments(self, groups):
        """Insert prepared comments in one go, then thread them within their post."""
        new = [comment for _, _, pairs in groups for comment, _ in pairs]
        if not new:
            return
        Comment.objects.bulk_create(new, batch_size=BATCH)
        threaded = []
        for post_pk, known, pairs in groups:
            if not pairs:
                continue
            ids = known | {comment.wp_id: comment.pk for comment, _ in pairs}
            parents = {record.wp_id: record.parent for _, record in pairs}
            for comment, record in pairs:
                if not record.parent:
                    continue
                if record.parent not in ids:
                    self.summary.warn("Replies to comments not in the file were kept as top level")
                elif self._loops(record.wp_id, parents):
                    self.summary.warn(
                        "Comments whose parents loop back to them were kept as top level"
                    )
                else:
                    comment.parent_id = ids[record.parent]
                    threaded.append(comment)
            self._commented_posts.add(post_pk)
        Comment.objects.bulk_update(threaded, ["parent"], batch_size=BATCH)
        for comment in new:
            self.summary.add("comments", comment.get_status_display().lower())

    @staticmethod
    def _loops(wp_id, parents):
        seen, current = {wp_id}, parents.get(wp_id)
        while current:
            if current in seen:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    def _comment_email(self, value):
        if len(value) > 200:
            self.summary.warn("Comment e-mail addresses longer than 200 characters were dropped")
            return ""
        return value

    def _comment_url(self, value):
        if not re.match(r"https?://", value, re.I):
            return ""
        if len(value) > 200:
            self.summary.warn("Comment author URLs longer than 200 characters were dropped")
            return ""
        return value

    # Pages and attachments

    def _page(self, item):
        status, reason = self._status(item, "pages")
        if reason:
            self.summary.skip("pages", reason)
            return
        body, _ = render_post(item.content)
        slug = (
            slugify(unquote(item.post_name), allow_unicode=True)
            or slugify(plain_text(item.title), allow_unicode=True)
            or f"page-{item.wp_id or len(self._pages) + 1}"
        )
        self._pages.append(
            PageRecord(
                wp_id=item.wp_id,
                parent=item.post_parent,
                slug=slug,
                title=plain_text(item.title)[:200] or slug,
                content=body,
                status=status,
                password=item.password,
                link=item.link,
                line=item.line,
            )
        )
        if item.comments:
            self.summary.skip("comments", "on pages (static pages take no comments)")

    def _attachment(self, item):
        url = item.attachment_url or item.guid
        if not re.match(r"https?://", url, re.I):
            self.summary.skip("attachments", "without a file URL")
            return
        wp_id = item.wp_id
        if wp_id and wp_id in self.attachments_by_wp_id:
            pk, known_url = self.attachments_by_wp_id[wp_id]
            if known_url == url[:1000]:
                self.summary.skip("attachments", "already imported")
                self.file_attachments[wp_id] = pk
                return
            self.summary.warn(
                "Attachments whose WordPress id belongs to another imported file were "
                "imported without it"
            )
            wp_id = None
        attachment = Attachment(
            wp_id=wp_id,
            title=plain_text(item.title)[:300],
            url=url[:1000],
            alt=item.meta.get("_wp_attachment_image_alt", "")[:300],
            caption=item.excerpt.strip(),
        )
        attachment.save()
        if wp_id:
            self.attachments_by_wp_id[wp_id] = (attachment.pk, attachment.url)
        if item.wp_id:
            self.file_attachments[item.wp_id] = attachment.pk
            if item.meta.get("_wp_attached_file"):
                self._attached_files[item.wp_id] = item.meta["_wp_attached_file"]
        if item.post_parent:
            self._attachment_parents.append((attachment.pk, item.post_parent))
        self.summary.add("attachments")

    # After the last item: what needed the whole file

    def _finish(self):
        self._flush_posts()
        self._link_attachments()
        self._render_galleries()
        self._featured_images()
        self._create_pages()
        self._flush_redirects()
        ids = list(self._commented_posts)
        for start in range(0, len(ids), BATCH):
            Comment.refresh_counts(set(ids[start : start + BATCH]))

    def _flush_links(self):
        Post.categories.through.objects.bulk_create(self._category_links, batch_size=BATCH)
        Post.tags.through.objects.bulk_create(self._tag_links, batch_size=BATCH)
        self._category_links, self._tag_links = [], []

    def _post_pk(self, wp_id):
        known = self.posts_by_wp_id.get(wp_id)
        return known[0] if known else None

    def _link_attachments(self):
        linked = []
        for attachment_pk, parent_wp_id in self._attachment_parents:
            post_pk = self._post_pk(parent_wp_id)
            if post_pk:
                linked.append(Attachment(pk=attachment_pk, post_id=post_pk))
        Attachment.objects.bulk_update(linked, ["post"], batch_size=BATCH)

    def _attachment_pk(self, wp_id):
        """The attachment an id in this file means: from this file, else an earlier import."""
        if wp_id in self.file_attachments:
            return self.file_attachments[wp_id]
        known = self.attachments_by_wp_id.get(wp_id)
        return known[0] if known else None

    def _render_galleries(self):
        for post_pk, raw in self._galleries:

            def gallery(ids, post_pk=post_pk):
                if ids:
                    pks = [self._attachment_pk(i) for i in ids]
                    found = Attachment.objects.in_bulk([pk for pk in pks if pk])
                    chosen = [found[pk] for pk in pks if pk in found]
                else:
                    chosen = list(Attachment.objects.filter(post_id=post_pk))
                return [Medium(a.url, a.alt, a.title, a.caption) for a in chosen]

            body, _ = render_post(raw, gallery=gallery)
            Post.objects.filter(pk=post_pk).update(body=body)

    def _featured_images(self):
        for post_pk, attachment_wp_id, title in self._thumbnails:
            attachment_pk = self._attachment_pk(attachment_wp_id)
            if attachment_pk is None:
                self.summary.warn(
                    "Featured images whose attachment is not in the file were left out"
                )
                continue
            Post.objects.filter(pk=post_pk).update(featured_attachment_id=attachment_pk)
            if self.media_dir:
                self._copy_featured_file(post_pk, attachment_pk, attachment_wp_id, title)

    def _copy_featured_file(self, post_pk, attachment_pk, attachment_wp_id, title):
        attachment = Attachment.objects.get(pk=attachment_pk)
        path = self._find_media(self._attached_files.get(attachment_wp_id), attachment.url)
        if path is None:
            self.summary.warn(f"Featured image files not found in {self.media_dir}: URL kept")
            return
        if self.dry_run:
            self.summary.add("featured image files")
            return
        post = Post.objects.get(pk=post_pk)
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                images.validate_featured_image(upload)
                post.featured_image = upload
                post.featured_image_alt = attachment.alt or title[:300]
                # Only the image fields: a save of the body or status would send pings.
                post.save(
                    update_fields=[
                        "featured_image",
                        "featured_image_width",
                        "featured_image_height",
                        "featured_image_alt",
                    ]
                )
            except (ValidationError, OSError) as exc:
                self.summary.warn(f"Featured image files that are not usable images: {exc}")
                return
        self._saved_files.append(post.featured_image.name)
        self.summary.add("featured image files")

    def _find_media(self, attached_file, url):
        """The file under --media-dir for an attachment, by its upload path, URL or name."""
        candidates = []
        if attached_file:
            candidates.append(attached_file)
        url_path = unquote(urlsplit(url).path)
        if "/uploads/" in url_path:
            candidates.append(url_path.split("/uploads/", 1)[1])
        candidates.append(PurePosixPath(url_path).name)
        for candidate in candidates:
            path = (self.media_dir / candidate.lstrip("/")).resolve()
            if path.is_relative_to(self.media_dir) and path.is_file():
                return path
        return None

    def _create_pages(self):
        by_id = {page.wp_id: page for page in self._pages if page.wp_id}
        urls_this_run = set()
        for page in self._pages:
            segments, current, seen = [page.slug], page, {page.wp_id}
            while current.parent:
                parent = by_id.get(current.parent)
                if parent is None:
                    self.summary.warn(
                        "Pages whose parent page is not in the file were put at the top"
                    )
                    break
                if parent.wp_id in seen:
                    self.summary.warn("Pages whose parents loop back to them were put at the top")
                    break
                seen.add(parent.wp_id)
                segments.append(parent.slug)
                current = parent
            url = "/" + "/".join(reversed(segments)) + "/"
            if len(url) > 100:
                self.summary.skip("pages", "with an address longer than 100 characters")
                continue
            if url in self.page_urls:
                reason = "repeated in the file" if url in urls_this_run else "already imported"
                self.summary.skip("pages", f"{reason} (a page exists at that address)")
                continue
            page_object = FlatPage.objects.create(url=url, title=page.title, content=page.content)
            published = page.status == Post.Status.PUBLISHED and not page.password
            if published:
                page_object.sites.add(self.site)
            else:
                self.summary.warn(
                    "Unpublished or password-protected pages were kept off the site "
                    "(add the site to a page in the admin to publish it)"
                )
            self.page_urls.add(url)
            urls_this_run.add(url)
            self.summary.add("pages", "published" if published else "not published")
            if page.wp_id:
                self._add_redirect(f"/?page_id={page.wp_id}", url)
                self._add_redirect(f"/?p={page.wp_id}", url)
            self._add_redirect(page.link, url, skip=f"/?page_id={page.wp_id}")

    # Old addresses

    def _add_redirect(self, link, new_path, *, skip=None):
        path = old_path(link)
        if not path or path in (new_path, skip) or path in self.redirect_paths:
            return
        if len(path) > 200 or len(new_path) > 200:
            self.summary.warn("Old addresses longer than 200 characters get no redirect")
            return
        self.redirect_paths.add(path)
        self._redirects.append(Redirect(site=self.site, old_path=path, new_path=new_path))

    def _flush_redirects(self):
        Redirect.objects.bulk_create(self._redirects, batch_size=BATCH)
        self.summary.imported["redirects"] += len(self._redirects)
        self._redirects = []


def _delete_stored_image(name):
    """Remove a featured image copied in by an import that then failed, and its renditions."""
    stem = PurePosixPath(name)
    for width in settings.FEATURED_IMAGE_WIDTHS:
        default_storage.delete(str(stem.with_name(f"{stem.stem}-{width}w{stem.suffix}")))
    default_storage.delete(name)


def _content_changed():
    """Tell the page cache once: the import wrote without the per-row save signals."""
    from blogsite import pagecache

    pagecache.bump()
