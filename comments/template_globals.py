"""What the public templates call for comments (core/templating.py): a post's responses
and reply form, and the Follow box."""

from django.conf import settings

from core.templating import include_with, takes_context, template_global

from . import follows
from .threads import section_for


@template_global
@include_with("comments/_responses.html")
@takes_context
def post_responses(context, post):
    """Comments, pings and the reply form of a post."""
    return section_for(post, context["request"], context.get("csrf_token"))


@template_global
@include_with("comments/_follow_box.html")
@takes_context
def follow_box(context, placement):
    """The Follow box, for guests or as a signed-in reader's one click.

    In the sidebar (rendered once per content version for everyone) it is always the
    guest's form. Under a post, a signed-in reader, whose pages are never cached, sees a
    one-click button carrying a CSRF token (and not their address: no page shows one).
    """
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
