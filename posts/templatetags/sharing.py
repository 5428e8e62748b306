"""`{% share_links post %}` and `{% post_end_templates as names %}`: what goes under a post."""

from django import template

from core.site_url import absolute
from posts import sharing, widgets

register = template.Library()


@register.inclusion_tag("posts/_share.html")
def share_links(post):
    return {
        "links": sharing.share_links(post),
        "url": absolute(post.get_absolute_url()),
        "post": post,
    }


@register.simple_tag
def post_end_templates():
    """The templates other apps put under each post (posts.widgets.add_post_end)."""
    return list(widgets.post_end_templates)
