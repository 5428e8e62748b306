"""What a post page says to other blogs: where to send trackbacks and pingbacks."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from pings import incoming, pingback

register = template.Library()


@register.inclusion_tag("pings/_ping_discovery.html")
def ping_discovery(post):
    """<link rel="pingback"> for the page head, when the post takes pings."""
    return {"server_url": pingback.server_url() if incoming.accepts_pings(post) else ""}


@register.inclusion_tag("pings/_trackback_rdf.html")
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
