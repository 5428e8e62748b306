"""An embed's picture, kept here: readers' browsers load it from the blog, not the provider.

Fetched once through `core.fetch`, then checked as an upload would be: a real
JPEG, PNG, GIF or WebP within the pixel limit (no decompression bombs), and
written again as a JPEG of at most MAX_SIDE pixels, so nothing the provider put
in the file (metadata, a second format hiding in it) is stored.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from core import fetch

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000
MAX_SIDE = 960
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


class ThumbnailError(Exception):
    """The picture was not kept; the message says why."""


def fetch_thumbnail(url):
    """(ContentFile named after `url`, width, height) for the picture at `url`."""
    try:
        response = fetch.fetch(url, headers={"Accept": "image/*"}, max_bytes=MAX_BYTES)
    except fetch.FetchError as exc:
        raise ThumbnailError(f"thumbnail: {exc}") from exc
    if response.truncated:
        raise ThumbnailError(f"thumbnail: larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not response.ok:
        raise ThumbnailError(f"thumbnail: HTTP {response.status}")
    data, width, height = checked_jpeg(response.body)
    name = hashlib.sha256(url.encode()).hexdigest()[:24] + ".jpg"
    return ContentFile(data, name=name), width, height


def checked_jpeg(body):
    """The image in `body` as JPEG bytes with its size, or ThumbnailError."""
    try:
        with Image.open(io.BytesIO(body)) as image:
            if image.format not in FORMATS:
                raise ThumbnailError(f"thumbnail: {image.format or 'unknown'} is not a picture")
            if image.width * image.height > MAX_PIXELS:
                raise ThumbnailError("thumbnail: too many pixels")
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except ThumbnailError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ThumbnailError("thumbnail: not a readable image") from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), picture.width, picture.height
