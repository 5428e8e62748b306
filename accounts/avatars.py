"""A social account's picture, fetched once at sign-in and kept in the blog's own storage.

Pages never point at the provider's picture. Every reader's browser would ask
the provider for it, telling it who reads which post, and the site's CSP
allows images from itself only. So the picture is fetched when the reader
signs in, through the blog's one outgoing client (`core.fetch`: public
addresses only, bounded in time and size), opened with Pillow, refused unless
it is a small real image, and redrawn as a square PNG: what is stored holds
pixels and nothing else, whatever was sent.

The stored name is a keyed hash of the account and the picture's address.
A new picture at the provider gets a new name, and is fetched on the next
sign-in; the same one is never fetched twice.
"""

import hashlib
import hmac
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from PIL import Image, ImageOps, UnidentifiedImageError

from core.fetch import FetchError, fetch

logger = logging.getLogger(__name__)

FOLDER = "avatars"
SIZE = 96  # twice the 48 pixels a page shows, for high-density screens
MAX_BYTES = 512 * 1024
MAX_SIDE = 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


class NotAnAvatar(ValueError):
    """What the provider sent is not a small image."""


def stored_name(account):
    """Where the account's current picture is kept, or None if the provider names none."""
    source = source_url(account)
    if not source:
        return None
    identity = f"{account.provider}\n{account.uid}\n{source}".encode()
    key = hmac.new(settings.SECRET_KEY.encode(), identity, hashlib.sha256).hexdigest()
    return f"{FOLDER}/{key[:32]}.png"


def source_url(account):
    """The picture's address at the provider, when it names a web one."""
    url = account.get_avatar_url()
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def stored_url(account):
    """The URL of the account's picture as kept here, or None until it has been fetched."""
    name = stored_name(account)
    if name is None or not default_storage.exists(name):
        return None
    return default_storage.url(name)


def remember(account):
    """Have the account's picture fetched and kept, unless it already is."""
    name = stored_name(account)
    if name is not None and not default_storage.exists(name):
        store.enqueue(source_url(account), name)


@task
def store(source, name):
    """Fetch the picture at `source` and keep it as `name`; False if it was not kept."""
    if default_storage.exists(name):
        return True
    try:
        response = fetch(source, headers={"Accept": "image/*"}, max_bytes=MAX_BYTES)
        if not response.ok:
            raise NotAnAvatar(f"the picture's address answered {response.status}")
        if response.truncated:
            raise NotAnAvatar(f"the picture is larger than {MAX_BYTES} bytes")
        png = redrawn(response.body)
    except (FetchError, NotAnAvatar) as exc:
        logger.warning("No avatar kept from %s: %s", source, exc)
        return False
    default_storage.save(name, ContentFile(png))
    return True


def redrawn(data):
    """`data` as a SIZE×SIZE PNG, centred and cropped; NotAnAvatar unless it is a small image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise NotAnAvatar(f"{image.format} is not an accepted picture format")
            if max(image.size) > MAX_SIDE:
                raise NotAnAvatar(f"the picture is {image.size[0]}×{image.size[1]} pixels")
            square = ImageOps.fit(image.convert("RGBA"), (SIZE, SIZE), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise NotAnAvatar(f"not an image: {exc}") from exc
    buffer = io.BytesIO()
    square.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
