"""What the library accepts: files recognised by their content, from an allowlist.

A name and a browser's content type are the uploader's word; the first bytes are
the file's. Images go through `images.validate_image` (the one image path);
audio, video, PDF and plain text are accepted up to their own size limit;
everything else, SVG first among them (it can carry scripts), is refused with
a message naming what is accepted. The stored name is made here too: the last
part of what was sent, reduced to safe characters, with the extension of what
the content is.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from . import images
from .upload_handlers import RefusedUpload, upload_limit


class Kind:
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENT = "document"
    CHOICES = [(IMAGE, "Image"), (AUDIO, "Audio"), (VIDEO, "Video"), (DOCUMENT, "Document")]


# Content type → (kind, extension), for files that are not images.
OTHER_FILES = {
    "application/pdf": (Kind.DOCUMENT, "pdf"),
    "text/plain": (Kind.DOCUMENT, "txt"),
    "audio/mpeg": (Kind.AUDIO, "mp3"),
    "audio/ogg": (Kind.AUDIO, "ogg"),
    "audio/mp4": (Kind.AUDIO, "m4a"),
    "video/mp4": (Kind.VIDEO, "mp4"),
    "video/webm": (Kind.VIDEO, "webm"),
}
IMAGE_MIME_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png"}
IMAGE_MIME_TYPES |= {"GIF": "image/gif", "WEBP": "image/webp"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
TEXT_EXTENSIONS = {".txt"}
ACCEPTED = (
    "JPEG, PNG, GIF or WebP images, PDF, plain text (.txt), MP3, OGG or M4A audio, "
    "MP4 or WebM video"
)
# The `accept` attribute of file inputs: a hint to the browser's picker, not a check.
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/gif,image/webp,.pdf,.txt,.mp3,.ogg,.m4a,.mp4,.webm"
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Checked:
    """An upload the library accepts: what it is and the name to store it under."""

    kind: str
    mime_type: str
    name: str


def check(upload):
    """What `upload` is, if the library accepts it; a ValidationError saying why not."""
    if isinstance(upload, RefusedUpload):
        raise too_large(upload_limit())
    head = _head(upload)
    sniffed = filetype.guess_mime(head)
    suffix = PurePosixPath(_last_part(upload.name)).suffix.lower()
    if sniffed is None and (suffix == ".svg" or b"<svg" in head.lower()):
        raise ValidationError(
            "SVG images are not accepted: they can carry scripts. Export the picture as "
            "PNG and upload that.",
            code="svg",
        )
    if (sniffed or "").startswith("image/") or (sniffed is None and suffix in IMAGE_EXTENSIONS):
        return _checked_image(upload)
    if sniffed is None and suffix in TEXT_EXTENSIONS and _is_plain_text(head):
        sniffed = "text/plain"
    if sniffed not in OTHER_FILES:
        raise ValidationError(
            "Files of this kind are not accepted. The library takes %(accepted)s.",
            code="file_type",
            params={"accepted": ACCEPTED},
        )
    max_bytes = settings.LIBRARY_FILE_MAX_BYTES
    if upload.size > max_bytes:
        raise too_large(max_bytes, upload.size)
    kind, extension = OTHER_FILES[sniffed]
    return Checked(kind, sniffed, safe_name(upload.name, extension))


def _checked_image(upload):
    images.validate_image(upload)
    upload.seek(0)
    fmt = images.format_of(upload)
    return Checked(
        Kind.IMAGE, IMAGE_MIME_TYPES[fmt], safe_name(upload.name, images.SAVE_FORMATS[fmt])
    )


def too_large(max_bytes, size=None):
    if size is None:
        return ValidationError(
            "This file is larger than %(max)s, the largest accepted.",
            code="file_too_large",
            params={"max": filesizeformat(max_bytes)},
        )
    return ValidationError(
        "This file is %(size)s; the largest accepted is %(max)s.",
        code="file_too_large",
        params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
    )


def safe_name(sent_name, extension):
    """`../../My Photo.JPG` → `my-photo.jpg`: no directories, only safe characters."""
    stem = slugify(PurePosixPath(_last_part(sent_name)).stem)[:80].strip("-_") or "file"
    return f"{stem}.{extension}"


def _last_part(name):
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1]


def _head(upload):
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _is_plain_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed bytes is still text.
        return exc.start >= len(head) - 3
    return True
