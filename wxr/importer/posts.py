"""Posts: matched to what is here, then written in batches with their terms and comments.

An item is matched as WordPress's importer matches it (`post_exists()`): by title and
date against an entry of the same type, the WordPress id checked first. An item whose
id an earlier import kept is that entry when its GUID or its title and date agree; an
item whose id is new here is never dropped because another item shares its GUID (a
duplicated post does), and only matches, by title and date, a post written here: an
export of this blog coming back. Only an item with no id at all is matched by GUID. New
posts wait until a batch is full and are then inserted together, as fixtures are,
without the save signals: old content sends no pings, and a batch costs a few queries,
not a few a post.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote

from django.utils import timezone
from django.utils.text import slugify

from core.sanitize import excerpt_from_html, plain_text
from posts import body as post_body
from posts.models import Post, free_slug

from ..content import render_post
from .dates import wp_datetime


@dataclass(frozen=True)
class Known:
    """An entry with a WordPress id: what matching an item against it needs."""

    pk: int
    kind: str
    guid: str
    moment: tuple


def moment_of(title, published_at):
    """What `post_exists()` compares: the title and the date (to the second)."""
    return (title[:300], published_at.replace(microsecond=0))


@dataclass
class PendingPost:
    """A post read from the file, waiting for its batch to be written."""

    post: Post
    file_id: int | None
    base_slug: str
    category_ids: list
    tag_ids: list
    link: str
    thumbnail: str
    gallery_source: str | None
    comments: list


def fingerprint_guid(item):
    """A stable stand-in GUID for an item that has neither a WordPress id nor a GUID."""
    digest = hashlib.sha256(
        "\x00".join([item.title, item.post_date_gmt, item.post_date, item.content]).encode()
    ).hexdigest()
    return f"urn:wxr-import:{digest[:32]}"


class PostsMixin:
    """Keeps `posts_by_wp_id` (WordPress id → `Known`, here before or written now),
    `posts_by_guid` (for items without an id), `posts_written_here` (title and date →
    pk), `file_entries` (the file's ids → pks), the batch waiting to be written and the
    term links waiting for it."""

    def _start_posts(self):
        self.posts_by_guid = {}
        self.posts_by_wp_id = {}
        for pk, kind, wp_id, guid, title, published_at in Post.entries.exclude(
            wp_id=None, wp_guid=""
        ).values_list("pk", "kind", "wp_id", "wp_guid", "title", "published_at"):
            if guid and kind == Post.Kind.POST:
                self.posts_by_guid[guid] = pk
            if wp_id:
                self.posts_by_wp_id[wp_id] = Known(pk, kind, guid, moment_of(title, published_at))
        # Posts written here, by title and date: an export of this blog coming back.
        self.posts_written_here = {
            moment_of(title, published_at): pk
            for pk, title, published_at in Post.objects.filter(wp_id=None, wp_guid="").values_list(
                "pk", "title", "published_at"
            )
        }
        self._pending_posts, self._pending_keys = [], set()
        self._category_links, self._tag_links = [], []
        self.file_entries = {}  # the file's post and page ids → (kind, pk), for menus

    def _post(self, item):
        status, reason = self._status(item, "posts")
        if reason:
            self.summary.skip("posts", reason)
            return
        guid = item.guid or (None if item.wp_id else fingerprint_guid(item))
        published_at = wp_datetime(item.post_date_gmt, item.post_date, item.pub_date)
        published_at = published_at or timezone.now()
        title = plain_text(item.title)
        key = item.wp_id or guid
        if key in self._pending_keys:
            self._flush_posts()  # the file repeats an item: match it against the written one
        existing = self._existing_entry(item.wp_id, guid, moment_of(title, published_at), "post")
        if existing:
            if item.wp_id:
                self.file_entries[item.wp_id] = (Post.Kind.POST, existing)
            self.summary.skip("posts", "already here (matched by WordPress id, title and date)")
            self._save_comments([self._prepare_comments(existing, item.comments, existing=True)])
            return
        wp_id = self._free_wp_id(item.wp_id, "Posts")
        if not item.wp_id:
            self.summary.warn("Items without <wp:post_id> were matched by GUID or content")

        body, teaser = render_post(item.content)
        if len(title) > 300:
            self.summary.warn("Titles longer than 300 characters were shortened")
        excerpt = plain_text(item.excerpt) or (plain_text(teaser) if teaser else "")
        password = item.password
        if len(password) > 100:
            self.summary.warn("Post passwords longer than 100 characters were shortened")
        category_ids, tag_ids, post_format = self._item_terms(item)
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
            body_html=post_body.render(body),
            password=password[:100],
            comments_open=item.comment_status.lower() != "closed",
            pings_open=item.ping_status.lower() != "closed",
            sticky=item.is_sticky,
            format=post_format,
            wp_id=wp_id,
            wp_guid=(guid or "")[:500],
            primary_category_id=category_ids[0],
        )
        base = slugify(unquote(item.post_name), allow_unicode=True)[:200].strip("-")
        self._pending_posts.append(
            PendingPost(
                post=post,
                file_id=item.wp_id,
                base_slug=base or slugify(title, allow_unicode=True),
                category_ids=category_ids,
                tag_ids=tag_ids,
                link=item.link,
                thumbnail=item.meta.get("_thumbnail_id", ""),
                gallery_source=item.content if "[gallery" in item.content else None,
                comments=item.comments,
            )
        )
        self._pending_keys.add(key)
        if len(self._pending_posts) >= self.batch_size:
            self._flush_posts()

    def _flush_posts(self):
        """Write the posts read so far, with their terms and comments, a few queries a batch."""
        batch, self._pending_posts = self._pending_posts, []
        self._pending_keys = set()
        if not batch:
            return
        days = {pending.post.published_on for pending in batch}
        taken = defaultdict(set)  # day → its slugs: a post's slug is unique within its day
        for day, slug in Post.objects.filter(published_on__in=days).values_list(
            "published_on", "slug"
        ):
            taken[day].add(slug)
        for pending in batch:
            post = pending.post
            post.slug = free_slug(pending.base_slug, taken[post.published_on])
            taken[post.published_on].add(post.slug)
        Post.objects.bulk_create([pending.post for pending in batch], batch_size=self.batch_size)

        comment_groups = []
        for pending in batch:
            post = pending.post
            if pending.file_id:
                self.file_entries[pending.file_id] = (Post.Kind.POST, post.pk)
            if post.wp_id:
                self.posts_by_wp_id[post.wp_id] = Known(
                    post.pk, Post.Kind.POST, post.wp_guid, moment_of(post.title, post.published_at)
                )
            elif post.wp_guid:
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
                self._featured_image_later(post.pk, int(pending.thumbnail), post.title)
            if pending.gallery_source is not None:
                self._gallery_later(post.pk, pending.gallery_source)
            comment_groups.append(self._prepare_comments(post.pk, pending.comments))
            self.summary.add("posts", self._post_detail(post))
            self._post_imported(post.pk)
        self._save_comments(comment_groups)
        self._flush_links()
        self._forget_queries()

    @staticmethod
    def _post_detail(post):
        if post.is_scheduled:
            return "scheduled"
        return post.get_status_display().lower()

    def _existing_entry(self, wp_id, guid, moment, kind):
        """The pk of the entry of this kind the item already is, or None: see the module."""
        if wp_id:
            known = self.posts_by_wp_id.get(wp_id)
            if known is not None:
                same = known.kind == kind and (known.moment == moment or known.guid == guid)
                return known.pk if same else None
        elif guid in self.posts_by_guid and kind == Post.Kind.POST:
            return self.posts_by_guid[guid]
        return self.posts_written_here.get(moment) if kind == Post.Kind.POST else None

    def _free_wp_id(self, wp_id, kind_label):
        """The item's WordPress id, or None when another entry here holds it already."""
        if wp_id and wp_id in self.posts_by_wp_id:
            self.summary.warn(
                f"{kind_label} whose WordPress id belongs to another imported entry were "
                "imported without it; /?p= links to them will not redirect"
            )
            return None
        return wp_id

    def _flush_links(self):
        Post.categories.through.objects.bulk_create(
            self._category_links, batch_size=self.batch_size
        )
        Post.tags.through.objects.bulk_create(self._tag_links, batch_size=self.batch_size)
        self._category_links, self._tag_links = [], []

    def _post_pk(self, wp_id):
        known = self.posts_by_wp_id.get(wp_id)
        return known.pk if known else None
