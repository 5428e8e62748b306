"""What the post page calls for likes (core/templating.py)."""

from core.templating import include_with, takes_context, template_global

from .section import section_context


@template_global
@include_with("likes/_likes.html")
@takes_context
def post_likes(context, post):
    """The Like button, "N bloggers like this" and the latest likers' avatars."""
    return section_context(context["request"], post)
