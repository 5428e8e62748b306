"""Pings in: what trackbacks and pingbacks share once they reach the blog.

Both name a post by its permalink, both become a `Comment` of their kind, and
both enter through `moderation.admit()` like any comment: closed pings, floods
and duplicates are refused, block words make spam, and the approval rules hold
the rest or let them through.
"""

from urllib.parse import urlsplit

from comments.models import Comment, DiscussionSettings
from core.client import client_ip, user_agent
from core.site_url import absolute
from posts.models import Post

# Comment.author_url holds no more; a longer source URL is refused, not cut.
MAX_SOURCE_URL = 200


def published_post_at(year, month, day, slug):
    """The published post at this permalink, or None."""
    return Post.objects.published().at_permalink(year, month, day, slug).first()


def accepts_pings(post):
    """Whether the post page announces its trackback URL and the pingback server."""
    return post.is_published and not DiscussionSettings.load().closes_pings(post)


def permalink(post):
    return absolute(post.get_absolute_url())


def trackback_url(post):
    """Where trackbacks to a post go: its permalink, then trackback/ (see urls.py)."""
    return absolute(post.get_absolute_url() + "trackback/")


def new_ping(post, kind, *, source_url, request):
    """An unsaved ping from `source_url`, with who sent it."""
    return Comment(
        post=post,
        kind=kind,
        author_url=source_url,
        author_name=urlsplit(source_url).hostname or source_url,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )
