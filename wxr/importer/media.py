"""Remote media: the images and files an imported blog's posts show from its old host.

The site's CSP lets pages load images from this site only, so a post body that
keeps `<img src="https://old-blog.example/…">` loses its pictures. With
`--fetch-media` the attachments of the file and the images the imported bodies
show are downloaded through the one outgoing client (`core.fetch`: public
addresses only, one deadline, a size limit), checked and stored as any upload is
(`MediaItem.objects.upload`), and the bodies and featured images are pointed at
the library's copies. Without it the report says how many images stay remote.
"""

import re
from html import escape, unescape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from core import fetch
from library.models import MediaItem
from library.upload_handlers import upload_limit
from posts import body as post_body
from posts.models import Attachment, Post

REMOTE_IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="(https?://[^"]+)"', re.IGNORECASE)
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_SRC = re.compile(r'\ssrc="([^"]*)"', re.IGNORECASE)
HREF = re.compile(r'\shref="(https?://[^"]+)"', re.IGNORECASE)
OLD_RESPONSIVE = re.compile(r'\s(?:srcset|sizes)="[^"]*"', re.IGNORECASE)
# Seconds for each download: a big image on a slow host, but never a stuck import.
FETCH_TIMEOUT = 20


class RemoteMediaMixin:
    """Keeps `_imported_posts` (pks written by this run) and, at the end, fetches or
    counts the remote media they show."""

    fetch_media = False

    def _start_media(self):
        self._imported_posts = []

    def _post_imported(self, post_pk):
        self._imported_posts.append(post_pk)

    def _remote_media(self):
        if not self.fetch_media:
            # Only a count: the bodies are read a batch at a time, never all at once.
            remote = set()
            for start in range(0, len(self._imported_posts), self.batch_size):
                chunk = self._imported_posts[start : start + self.batch_size]
                for body in Post.objects.filter(pk__in=chunk).values_list("body", flat=True):
                    remote |= _remote_images(body)
            if remote:
                self.summary.warn(
                    f"{len(remote)} remote images in post bodies stay on their old host, where "
                    "the site's CSP does not let pages load them: import with --fetch-media to "
                    "copy them into the media library"
                )
            return
        posts = list(
            Post.objects.filter(pk__in=self._imported_posts)
            .select_related("author")
            .defer("body_html")
        )
        body_urls = {post.pk: _remote_images(post.body) for post in posts}
        remote = {url for urls in body_urls.values() for url in urls}
        attachments = {
            pk: unescape(url)
            for pk, url in Attachment.objects.filter(
                pk__in=set(self.file_attachments.values())
            ).values_list("pk", "url")
        }
        authors = {post.pk: post.author for post in posts}
        first_user = {url: authors[pk] for pk, urls in body_urls.items() for url in urls}
        items = {}
        for url in sorted(remote | set(attachments.values())):
            item = self._fetched(url, first_user.get(url))
            if item is not None:
                items[url] = item
        self._point_posts_at_copies(posts, body_urls, attachments, items)
        copies = [
            Attachment(pk=pk, media_item=items[url])
            for pk, url in attachments.items()
            if url in items
        ]
        Attachment.objects.bulk_update(copies, ["media_item"], batch_size=self.batch_size)

    def _fetched(self, url, uploaded_by):
        """The library item for `url`, downloaded now; None (and a warning) if it cannot be."""
        if self.dry_run:
            self.summary.add("media files fetched")
            return None
        try:
            response = fetch.fetch(url, max_bytes=upload_limit(), timeout=FETCH_TIMEOUT)
        except fetch.FetchError as exc:
            self.summary.warn(f"Remote media that could not be fetched stayed remote: {exc}")
            return None
        if not response.ok:
            self.summary.warn(
                f"Remote media that could not be fetched stayed remote: HTTP {response.status}"
            )
            return None
        if response.truncated:
            self.summary.warn("Remote media larger than the library accepts stayed remote")
            return None
        name = PurePosixPath(unquote(urlsplit(url).path)).name or "file"
        try:
            item = MediaItem.objects.upload(
                ContentFile(response.body, name=name), uploaded_by=uploaded_by
            )
        except ValidationError as exc:
            self.summary.warn(f"Remote media the library does not accept stayed remote: {exc}")
            return None
        self._saved_items.append(item)
        self.summary.add("media files fetched")
        return item

    def _point_posts_at_copies(self, posts, body_urls, attachments, items):
        changed = []
        for post in posts:
            body = _rewritten(post.body, items)
            featured = items.get(attachments.get(post.featured_attachment_id))
            new_featured = featured is not None and featured.is_image and not post.featured_image_id
            if body != post.body or new_featured:
                post.body, post.body_html = body, post_body.render(body)
                if new_featured:
                    post.featured_image = featured
                changed.append(post)
        # Only these fields: a save of the post would send pings.
        Post.objects.bulk_update(
            changed, ["body", "body_html", "featured_image"], batch_size=self.batch_size
        )


def _rewritten(body, items):
    """`body` with links and images pointing at the library's copies. A copied image's
    old `srcset` and `sizes` go: they name the old host's files, and the library's
    own are added when the body is rendered."""

    def image(match):
        tag = match.group(0)
        src = IMG_SRC.search(tag)
        item = items.get(unescape(src.group(1))) if src else None
        if item is None:
            return tag
        tag = OLD_RESPONSIVE.sub("", tag)
        return IMG_SRC.sub(lambda _: f' src="{escape(item.url)}"', tag, count=1)

    def link(match):
        item = items.get(unescape(match.group(1)))
        return f' href="{escape(item.url)}"' if item else match.group(0)

    return HREF.sub(link, IMG_TAG.sub(image, body))


def _remote_images(body):
    return {unescape(src) for src in REMOTE_IMG_SRC.findall(body or "")}
