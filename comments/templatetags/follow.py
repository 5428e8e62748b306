"""`{% follow_box placement %}`: the Follow box, for guests or as a signed-in reader's one click.

In the sidebar (rendered once per content version for everyone) it is always the
guest's form. Under a post, a signed-in reader, whose pages are never cached,
sees a one-click button carrying a CSRF token (and not their address: no page
shows one).
"""

from django import template
from django.conf import settings

from comments import follows

register = template.Library()


@register.inclusion_tag("comments/_follow_box.html", takes_context=True)
def follow_box(context, placement):
    user = getattr(context.get("request"), "user", None)
    signed_in = (
        placement != "sidebar" and user is not None and user.is_authenticated and bool(user.email)
    )
    return {
        "placement": placement,
        "blog_title": settings.BLOG_TITLE,
        "signed_in": signed_in,
        "following": signed_in and follows.following(user),
    }
