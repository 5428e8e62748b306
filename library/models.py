"""The media library: every file authors put on the site, with what pages need to show it."""

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from PIL import Image

from . import images, uploads
from .uploads import Kind


class MediaItemQuerySet(models.QuerySet):
    def images(self):
        return self.filter(kind=Kind.IMAGE)

    def editable_by(self, user):
        """What `user` may change or delete: their own uploads, or all with the permission."""
        if user.has_perm("library.edit_others_media"):
            return self
        return self.filter(uploaded_by=user)


class MediaItemManager(models.Manager.from_queryset(MediaItemQuerySet)):
    def upload(self, upload, *, uploaded_by, checked=None, **fields):
        """Check `upload`, store it (images re-encoded, with renditions) and return its item.

        Raises ValidationError for what the library does not take. Files written before a
        failure are removed again, so nothing is left half-saved."""
        checked = checked or uploads.check(upload)
        item = self.model(
            kind=checked.kind, mime_type=checked.mime_type, uploaded_by=uploaded_by, **fields
        )
        if not item.title:
            item.title = PurePosixPath(checked.name).stem.replace("-", " ").capitalize()[:300]
        content = images.normalized(upload) if checked.kind == Kind.IMAGE else upload
        item.file.save(checked.name, content, save=False)
        try:
            item.size = item.file.size
            if item.is_image:
                item.describe_image()
            item.save()
        except BaseException:
            item.delete_files()
            raise
        return item


class MediaItem(models.Model):
    """A file in the library: an image (with renditions for `srcset`), audio, video or a
    document, and the words that go with it."""

    file = models.FileField(upload_to="library/%Y/%m/", max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.CHOICES, editable=False)
    mime_type = models.CharField("MIME type", max_length=100, editable=False)
    title = models.CharField(max_length=300, blank=True)
    alt = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    caption = models.TextField(blank=True)
    description = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="media_items",
        on_delete=models.SET_NULL,
        editable=False,
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    renditions = models.JSONField(default=list, blank=True, editable=False)

    objects = MediaItemManager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "media item"
        indexes = [models.Index(fields=["kind", "-uploaded_at"], name="library_kind_date")]
        permissions = [
            ("edit_others_media", "Can edit and delete media other people uploaded"),
        ]

    def __str__(self):
        return self.title or self.filename

    @property
    def filename(self):
        return PurePosixPath(self.file.name).name

    @property
    def url(self):
        return self.file.url

    @property
    def is_image(self):
        return self.kind == Kind.IMAGE

    @property
    def srcset(self):
        return images.srcset(self.renditions)

    @property
    def thumbnail_url(self):
        """The smallest copy of an image: what lists and pickers show."""
        return self.renditions[0]["url"] if self.renditions else self.url

    def editable_by(self, user):
        return self.uploaded_by_id == user.pk or user.has_perm("library.edit_others_media")

    def describe_image(self):
        """Read the stored image's size and write its renditions."""
        with self.file.open("rb"), Image.open(self.file) as image:
            self.width, self.height = image.size
        self.renditions = images.make_renditions(self.file)

    def delete_files(self):
        """Remove the file and its renditions from storage."""
        if not self.file.name:
            return
        storage = self.file.storage
        for rendition in self.renditions[:-1]:  # the last one is the file itself
            storage.delete(images.rendition_name(self.file.name, rendition["width"]))
        storage.delete(self.file.name)


def stored_name(url):
    """The storage name behind a media URL, or None for a URL that is not one."""
    base = urlsplit(default_storage.url("x"))
    parts = urlsplit(url or "")
    prefix = base.path[:-1]
    if parts.netloc and parts.netloc != base.netloc or not parts.path.startswith(prefix):
        return None
    return unquote(parts.path.removeprefix(prefix)) or None


def remove_files_after_delete(sender, instance, **kwargs):
    """Storage is not transactional: a deleted item's files go once the deletion commits."""
    transaction.on_commit(instance.delete_files)


# Embeds live in a module of their own; imported here so Django finds them.
from .embed_models import Embed  # noqa: E402, F401
