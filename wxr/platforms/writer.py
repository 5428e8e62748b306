"""Write a platform's records with the WordPress importer's pieces, in one transaction.

`PlatformImporter` is the WordPress `Importer` fed with records instead of a WXR
stream: the same authors (inactive, password-less users), tags and categories, batched
posts with their threaded comments, pages, featured images and remote media
(`--fetch-media`), and redirects from the old addresses. A post is matched by the id
the platform gave it (kept as its GUID), so a second run finds every post and writes
nothing; comments are matched within their post by their number. Bodies go through the
one sanitizer here, since the WordPress renderer (autop, shortcodes) is not theirs.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core import pagecache
from core.sanitize import excerpt_from_html, plain_text, sanitize_post_html
from posts import body as post_body
from posts.models import Attachment, Post

from ..importer import Importer, Summary
from ..importer.authors import username_from_login
from ..importer.pages import PageRecord
from ..importer.posts import PendingPost, moment_of
from ..importer.run import _content_changed
from ..reader import Author, Comment


class PlatformSummary(Summary):
    """The WordPress import's summary, headed by the platform instead of the WXR version."""

    def __init__(self, platform, origin=""):
        super().__init__()
        self.platform, self.origin = platform, origin

    def lines(self, *, dry_run=False):
        return [f"{self.platform}: {self.origin}".rstrip(": "), *super().lines(dry_run=dry_run)]


class PlatformImporter(Importer):
    """Import one platform `Export`. `run()` returns the summary; errors raise WXRError."""

    def __init__(self, *, fetch_media=False, default_author=None, dry_run=False,
                 primary_category=False):  # fmt: skip
        super().__init__(fetch_media=fetch_media, default_author=default_author, dry_run=dry_run)
        self.primary_category = primary_category

    def run(self, export):
        origin = " ".join(
            p for p in (f"“{export.title}”" if export.title else "", export.link) if p
        )
        self.platform = export.name
        self.summary = PlatformSummary(export.platform, origin)
        for (kind, reason), n in export.skipped.items():
            self.summary.skipped[kind][reason] += n
        for message, n in export.warnings.items():
            self.summary.warnings[message] += n
        # Thousands of saves (terms, pages) move the page cache once, after the commit.
        with pagecache.one_change(), self._copied_files_removed_on_failure(), transaction.atomic():
            self._load_existing()
            self._remote_features = set()
            for entry in export.entries:
                if entry.kind == "page":
                    self._platform_page(entry)
                else:
                    self._platform_post(entry)
            self._finish()
            self._report_remote_features()
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                transaction.on_commit(_content_changed)
        return self.summary

    def _platform_post(self, entry):
        published_at = entry.published_at or timezone.now()
        title = plain_text(entry.title)
        if entry.guid in self._pending_keys:
            self._flush_posts()  # the export repeats an entry: match it against the written one
        existing = self._existing_entry(
            None, entry.guid, moment_of(title, published_at), Post.Kind.POST
        )
        if existing:
            self.summary.skip("posts", "already here (matched by their id in the export)")
            comments = self._comment_records(entry.comments)
            self._save_comments([self._prepare_comments(existing, comments, existing=True)])
            return
        if len(title) > 300:
            self.summary.warn("Titles longer than 300 characters were shortened")
        body = sanitize_post_html(entry.html)
        tag_ids = [pk for pk in (self._tag(slug, name) for slug, name in entry.tags) if pk]
        category_ids = []
        if self.primary_category and entry.tags:
            category_ids = [self._category(*entry.tags[0])]
        category_ids = [pk for pk in category_ids if pk] or [self._default_category()]
        post = Post(
            title=title[:300] or "(untitled)",
            author=self._person(entry.author),
            status=entry.status,
            published_at=published_at,
            published_on=timezone.localdate(published_at),
            excerpt=plain_text(entry.excerpt) or excerpt_from_html(body),
            body=body,
            body_html=post_body.render(body),
            comments_open=entry.comments_open,
            wp_guid=entry.guid[:500],
            primary_category_id=category_ids[0],
            featured_attachment_id=self._feature_attachment(entry, title),
        )
        self._enclosure_attachments(entry, title)
        self._pending_posts.append(
            PendingPost(
                post=post,
                file_id=None,
                base_slug=slugify(entry.slug, allow_unicode=True)[:200].strip("-")
                or slugify(title, allow_unicode=True),
                category_ids=category_ids,
                tag_ids=tag_ids,
                link=entry.old_url,
                thumbnail="",
                gallery_source=None,
                comments=self._comment_records(entry.comments),
            )
        )
        self._pending_keys.add(post.wp_guid)
        if len(self._pending_posts) >= self.batch_size:
            self._flush_posts()

    def _platform_page(self, entry):
        slug = slugify(entry.slug, allow_unicode=True) or slugify(
            plain_text(entry.title), allow_unicode=True
        )
        self._pages.append(
            PageRecord(
                wp_id=None,
                parent=0,
                slug=slug or f"page-{len(self._pages) + 1}",
                title=plain_text(entry.title)[:200] or slug,
                content=sanitize_post_html(entry.html),
                status=entry.status,
                password="",
                link=entry.old_url,
                author=self._person(entry.author),
                comments_open=entry.comments_open,
                comments=self._comment_records(entry.comments),
            )
        )

    def _person(self, person):
        """The user for an author: by their username on the platform, else by their name."""
        if person is None:
            return self._fallback_author()
        login = username_from_login(person.username or person.name)
        if not login:
            return self._fallback_author()
        return self._user(
            login, Author(login=login, line=0, email=person.email, display_name=person.name)
        )

    def _fallback_author(self):
        if self.default_author is not None:
            return self.default_author
        self.summary.warn(
            f"Entries without an author were given to the inactive user "
            f"{self.platform.lower()!r} (use --default-author to choose one)"
        )
        return self._user(self.platform.lower())

    def _feature_attachment(self, entry, title):
        """The featured image, kept by URL as a WordPress one is (copied with --fetch-media)."""
        if not entry.feature_image:
            return None
        attachment = Attachment(
            title=title[:300],
            url=entry.feature_image[:1000],
            alt=entry.feature_image_alt[:300],
            caption=entry.feature_image_caption,
        )
        attachment.save()
        self.file_attachments[f"feature-{attachment.pk}"] = attachment.pk
        self._remote_features.add(attachment.url)
        self.summary.add("attachments", "featured images")
        return attachment.pk

    def _enclosure_attachments(self, entry, title):
        """A feed's enclosures, linked from the body: --fetch-media copies them and the links."""
        for url in entry.enclosures:
            attachment = Attachment(title=title[:300], url=url[:1000])
            attachment.save()
            self.file_attachments[f"enclosure-{attachment.pk}"] = attachment.pk
            self.summary.add("attachments", "enclosures")

    def _report_remote_features(self):
        if self._remote_features and not self.fetch_media:
            self.summary.warn(
                f"{len(self._remote_features)} featured images stay on their old host (kept by "
                "URL): import with --fetch-media to copy them into the media library"
            )

    def _comment_records(self, comments):
        """The platform's comments in the shape the WordPress comment import takes."""
        return [
            Comment(
                wp_id=comment.key,
                line=0,
                author=comment.author.name,
                author_email=comment.author.email,
                author_url=comment.author.url,
                date_gmt=_utc(comment.created),
                content=comment.html,
                approved="1" if comment.approved else "0",
                parent=comment.parent,
            )
            for comment in comments
        ]

    def _save_comments(self, groups):
        for _, _, pairs in groups:
            for comment, _ in pairs:
                comment.moderation_reason = f"Imported from {self.platform}"[:300]
        super()._save_comments(groups)


def _utc(moment):
    """A moment as WordPress writes its GMT dates, which the comment import reads."""
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
