from django import template

from posts import likes

register = template.Library()


@register.inclusion_tag("posts/_likes.html", takes_context=True)
def post_likes(context, post):
    """The Like button, "N bloggers like this" and the latest likers' avatars."""
    return likes.section_context(context["request"], post)
