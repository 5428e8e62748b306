"""Pings in: what trackbacks, pingbacks and Webmentions share once they reach the blog.

Each names a post by its permalink, each becomes a `Comment` of its kind, and
each enters through `moderation.admit()` like any comment: closed pings, floods
and duplicates are refused, block words make spam, and the approval rules hold
the rest or let them through.

All are also rate-limited per sender's address (each kind on its own), before
anything else is looked at. The comment flood rule only counts pings that were saved, so a
sender whose pings all fail (a pingback whose source does not exist still
costs the blog a fetch) would never be slowed down by it; the rate limit
counts every attempt.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from comments.models import Comment, DiscussionSettings
from core import ratelimit
from core.client import client_ip, user_agent
from core.site_url import absolute
from posts.models import Post

# Comment.author_url holds no more; a longer source URL is refused, not cut.
MAX_SOURCE_URL = 200
# A blog that publishes a post sends one ping per post of ours it links to;
# more than this from one address in a minute is a script, not a blog.
PINGS_PER_MINUTE = 5
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")

check_url = URLValidator(schemes=["http", "https"])


# The views of the addresses pings may name: a post's permalink, a page's nested address.
ENTRY_VIEWS = {"posts:detail", "posts:page"}


def published_post_at(year, month, day, slug):
    """The published post at this permalink, or None."""
    return Post.objects.published().at_permalink(year, month, day, slug).first()


def published_entry_at(view_name, kwargs):
    """The published post or page at the address that resolved to `view_name` with
    `kwargs`, or None."""
    if view_name == "posts:page":
        return Post.entries.published().at_path(kwargs["path"]).first()
    return published_post_at(**kwargs)


def accepts_pings(post):
    """Whether the post page announces its trackback URL and the pingback server."""
    return post.is_published and not DiscussionSettings.load().closes_pings(post)


def permalink(post):
    return absolute(post.get_absolute_url())


def trackback_url(post):
    """Where trackbacks to a post go: its permalink, then trackback/ (see urls.py)."""
    return absolute(post.get_absolute_url() + "trackback/")


def is_web_url(url):
    """An http or https URL, as a ping's source must be; a control character (a NUL,
    say) makes any URL invalid."""
    if CONTROL_CHARACTER.search(url):
        return False
    try:
        check_url(url)
    except ValidationError:
        return False
    return True


def over_rate_limit(request, kind):
    """Count one more ping of `kind` from the request's address; True once that address
    sent more than PINGS_PER_MINUTE of them in the current minute."""
    return not ratelimit.allow(
        f"pings.{kind}", client_ip(request), limit=PINGS_PER_MINUTE, period=60
    )


def sent_by(request):
    """Who sent a ping, as a new ping records it (and as a background task can carry it)."""
    return {"ip": client_ip(request), "user_agent": user_agent(request)}


def new_ping(post, kind, *, source_url, ip, user_agent):
    """An unsaved ping from `source_url`, with who sent it (see `sent_by`)."""
    return Comment(
        post=post,
        kind=kind,
        author_url=source_url,
        author_name=urlsplit(source_url).hostname or source_url,
        ip=ip,
        user_agent=user_agent,
    )


def storable(text):
    """`text` as a database can keep it: without NUL characters, which PostgreSQL refuses
    in text columns, and with any lone surrogate (which no database can encode) replaced."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
