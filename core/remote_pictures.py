"""A picture from another site (a social account's, a Webmention author's), kept here.

Pages never point at another site's picture. Every reader's browser would ask
that site for it, telling it who reads which post, and the site's CSP allows
images from itself only. So the picture is fetched once, through the blog's
one outgoing client (`core.fetch`: public addresses only, bounded in time and
size), opened with Pillow, refused unless it is a small real image, and
redrawn as a square PNG: what is stored holds pixels and nothing else,
whatever was sent.

Its stored name is a keyed hash of what it is the picture of and of its
address: a new address gets a new name, and the same one is never fetched twice.
"""

import hashlib
import hmac
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from .fetch import FetchError, fetch

logger = logging.getLogger(__name__)

SIZE = 96  # twice the 48 pixels a page shows, for high-density screens
MAX_BYTES = 512 * 1024
MAX_SIDE = 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


class NotAPicture(ValueError):
    """What the other site sent is not a small image."""


def is_web_url(url):
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def stored_name(folder, *identity):
    """Where the picture identified by `identity` (its owner, its address) is kept."""
    key = hmac.new(settings.SECRET_KEY.encode(), "\n".join(identity).encode(), hashlib.sha256)
    return f"{folder}/{key.hexdigest()[:32]}.png"


def keep(source, name):
    """Fetch the picture at `source` and keep it as `name`; False if it was not kept."""
    if default_storage.exists(name):
        return True
    try:
        response = fetch(source, headers={"Accept": "image/*"}, max_bytes=MAX_BYTES)
        if not response.ok:
            raise NotAPicture(f"the picture's address answered {response.status}")
        if response.truncated:
            raise NotAPicture(f"the picture is larger than {MAX_BYTES} bytes")
        png = redrawn(response.body)
    except (FetchError, NotAPicture) as exc:
        logger.warning("No picture kept from %s: %s", source, exc)
        return False
    default_storage.save(name, ContentFile(png))
    return True


def redrawn(data):
    """`data` as a SIZE×SIZE PNG, centred and cropped; NotAPicture unless it is a small image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise NotAPicture(f"{image.format} is not an accepted picture format")
            if max(image.size) > MAX_SIDE:
                raise NotAPicture(f"the picture is {image.size[0]}×{image.size[1]} pixels")
            square = ImageOps.fit(image.convert("RGBA"), (SIZE, SIZE), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise NotAPicture(f"not an image: {exc}") from exc
    buffer = io.BytesIO()
    square.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
