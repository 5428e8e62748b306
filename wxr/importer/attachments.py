"""Attachments, featured images and galleries: the media an item points at.

An attachment is kept as its URL (`Attachment`), matched by WordPress id. What points
at attachments, a post's `_thumbnail_id` and its `[gallery]` shortcodes, is resolved
after the last item, since a file may list an attachment after the posts using it.
With `--media-dir`, a featured image's file is copied from a copy of
wp-content/uploads into the media library (checked as any upload is); storage is
outside the transaction, so a failed import removes the files it copied.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File

from core.sanitize import plain_text
from library.models import MediaItem
from posts import body as post_body
from posts.models import Attachment, Post

from ..content import render_post


@dataclass
class Medium:
    """What a gallery shows of an attachment."""

    url: str
    alt: str
    title: str
    caption: str


class AttachmentsMixin:
    """Keeps `attachments_by_wp_id` (WordPress id → (pk, URL), here before or made now),
    `file_attachments` (this file's ids → pks), what waits for the end (parents, featured
    images, galleries, upload paths) and the library items made from copied files."""

    def _start_attachments(self):
        self.attachments_by_wp_id = {
            wp_id: (pk, url)
            for wp_id, pk, url in Attachment.objects.exclude(wp_id=None).values_list(
                "wp_id", "pk", "url"
            )
        }
        self.file_attachments = {}  # this file's attachment ids → rows, for its posts
        self._attachment_parents, self._attached_files = [], {}
        self._thumbnails, self._galleries = [], []

    @contextmanager
    def _copied_files_removed_on_failure(self):
        """Storage is not rolled back with the database: undo the copies by hand."""
        self._saved_items = []
        try:
            yield
        except BaseException:
            for item in self._saved_items:
                item.delete_files()
            raise

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

    def _featured_image_later(self, post_pk, attachment_wp_id, title):
        self._thumbnails.append((post_pk, attachment_wp_id, title))

    def _gallery_later(self, post_pk, source):
        self._galleries.append((post_pk, source))

    def _link_attachments(self):
        linked = []
        for attachment_pk, parent_wp_id in self._attachment_parents:
            post_pk = self._post_pk(parent_wp_id)
            if post_pk:
                linked.append(Attachment(pk=attachment_pk, post_id=post_pk))
        Attachment.objects.bulk_update(linked, ["post"], batch_size=self.batch_size)

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
            Post.objects.filter(pk=post_pk).update(body=body, body_html=post_body.render(body))

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
        post = Post.objects.only("pk", "author").get(pk=post_pk)
        with path.open("rb") as handle:
            try:
                item = MediaItem.objects.upload(
                    File(handle, name=path.name),
                    uploaded_by=post.author,
                    title=(attachment.title or title)[:300],
                    alt=attachment.alt or title[:300],
                    caption=attachment.caption,
                )
            except (ValidationError, OSError) as exc:
                self.summary.warn(f"Featured image files that are not usable images: {exc}")
                return
        self._saved_items.append(item)
        # Only the image: a save of the body or status would send pings.
        Post.objects.filter(pk=post_pk).update(featured_image=item)
        Attachment.objects.filter(pk=attachment_pk).update(media_item=item)
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
