"""Avatars for commenters: drawn here from a keyed hash, or Gravatar when chosen."""

import functools
import hashlib
import hmac

from django.conf import settings
from django.urls import reverse


def avatar_url(email, size=48):
    return _avatar_url((email or "").strip().lower(), size, settings.COMMENT_AVATARS)


@functools.lru_cache(maxsize=4096)
def _avatar_url(email, size, kind):
    """Memoized: a page of comments asks for the same few avatars again and again."""
    if kind == "gravatar":
        digest = hashlib.sha256(email.encode()).hexdigest()
        return f"{settings.GRAVATAR_ORIGIN}/avatar/{digest}?s={size}&d=identicon"
    # Keyed with the secret so the page does not publish a lookup-able email hash.
    key = hmac.new(settings.SECRET_KEY.encode(), email.encode(), hashlib.sha256).hexdigest()
    return reverse("core:avatar", kwargs={"key": key[:32]})


def identicon_svg(key):
    """A 5×5 mirrored pattern in one colour, like GitHub's identicons."""
    digest = bytes.fromhex(key)
    hue = int.from_bytes(digest[:2]) % 360
    colour = f"hsl({hue} 55% 45%)"
    pattern = int.from_bytes(digest[2:4])
    cells = []
    for row in range(5):
        for col in range(3):
            if pattern >> (row * 3 + col) & 1:
                for x in {col, 4 - col}:
                    cells.append(f'<rect x="{x}" y="{row}" width="1" height="1"/>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-0.5 -0.5 6 6" '
        'width="48" height="48" shape-rendering="crispEdges">'
        '<rect x="-0.5" y="-0.5" width="6" height="6" fill="#f0f0f1"/>'
        f'<g fill="{colour}">{"".join(cells)}</g></svg>'
    )
