"""What a post page says to other blogs (where to send trackbacks, pingbacks and Webmentions),
and what other sites' likes and reposts of it add up to (core/templating.py)."""

from collections import Counter

from django.utils.html import escape
from django.utils.safestring import mark_safe

from comments import threads
from comments.models import Comment
from core.templating import include_with, takes_context, template_global

from . import incoming, pingback, webmention


@template_global
@include_with("pings/_ping_discovery.html")
def ping_discovery(post):
    """<link rel="pingback"> and <link rel="webmention"> for the page head, when the post
    takes pings."""
    if not incoming.accepts_pings(post):
        return {}
    return {"server_url": pingback.server_url(), "webmention_url": webmention.endpoint_url()}


@template_global
@include_with("pings/_reactions.html")
@takes_context
def webmention_reactions(context, post):
    """ "N people liked this elsewhere": the likes and reposts other sites sent, counted in
    the rows the comment section reads anyway."""
    counts = Counter(
        row["webmention_type"]
        for row in threads.page_rows(post, context["request"])
        if row["kind"] == Comment.Kind.WEBMENTION
    )
    Type = Comment.WebmentionType
    return {"likes": counts[Type.LIKE], "reposts": counts[Type.REPOST]}


@template_global
@include_with("pings/_trackback_rdf.html")
def trackback_rdf(post):
    """The RDF block TrackBack clients look for, inside an HTML comment as WordPress has it."""
    if not incoming.accepts_pings(post):
        return {"show": False}
    return {
        "show": True,
        "permalink": _in_comment(incoming.permalink(post)),
        "title": _in_comment(post.title),
        "trackback_url": _in_comment(incoming.trackback_url(post)),
    }


def _in_comment(value):
    """Escaped for an attribute, and without "--", which may not appear in a comment."""
    return mark_safe(escape(value).replace("--", "&#45;&#45;"))
