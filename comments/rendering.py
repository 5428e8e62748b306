"""A response's HTML, made when it is written and kept on its row (`Comment.html`).

A post page lists its comments and pings from that stored HTML, read in one query,
instead of rendering a template per comment on every uncached request (signed-in
readers, the first reader after a change). What the stored HTML shows depends only
on the response itself: its author, date, text and status (a held comment is only
ever shown to its own author, "awaiting moderation", so that line is part of a held
comment's HTML). What depends on the reader or on the comment's place in the page,
its edit links, the reply link and the threading depth, is added by
`comments/thread_html.py` when the page is put together.

`html_version` records what the HTML was made with: `TEMPLATE_VERSION` and the
settings that shape it (avatars, time zone, media address). Bump `TEMPLATE_VERSION`
with any change to `comments/_comment.html` or `comments/_ping.html`: rows made
with another version, or written without `save()` (bulk imports), are rendered
again, in bulk, by the first page that reads them (`refresh_stale`).
"""

import hashlib
import hmac
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from core import avatars

TEMPLATE_VERSION = 1


def current_version():
    """A short fingerprint of the template version and the settings the HTML depends on."""
    # The avatar's address is keyed with the secret: a new secret gives new addresses.
    secret = hmac.new(settings.SECRET_KEY.encode(), b"comment-html", hashlib.sha256).hexdigest()
    shape = "|".join(
        [
            str(TEMPLATE_VERSION),
            settings.COMMENT_AVATARS,
            settings.GRAVATAR_ORIGIN,
            settings.TIME_ZONE,
            str(settings.MEDIA_URL),
            secret[:16],
        ]
    )
    return hashlib.sha256(shape.encode()).hexdigest()[:16]


def render(comment):
    """Set the comment's stored HTML and version from what it is now."""
    comment.html = render_to_string(
        "comments/_comment.html" if comment.is_conversation else "comments/_ping.html",
        {"comment": comment, **_dressing(comment)},
    )
    comment.html_version = current_version()


def _dressing(comment):
    """What the templates show that is worked out in Python: avatar, source host, dates."""
    created = timezone.localtime(comment.created)
    hour = created.hour % 12 or 12
    # A Webmention's author photo is kept in the blog's storage (pings/webmention.py).
    if comment.author_photo:
        avatar = default_storage.url(comment.author_photo)
    else:
        avatar = avatars.avatar_url(comment.author_email)
    return {
        "avatar": avatar,
        "source_host": urlsplit(comment.source_url).hostname if comment.source_url else "",
        "iso_created": created.isoformat(timespec="seconds"),
        "display_created": (
            f"{created:%B} {created.day}, {created.year} at {hour}:{created:%M} "
            f"{'a.m.' if created.hour < 12 else 'p.m.'}"
        ),
        "awaiting_moderation": comment.status == comment.Status.PENDING,
    }
