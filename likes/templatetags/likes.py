from django import template

from likes.section import section_context

register = template.Library()


@register.inclusion_tag("likes/_likes.html", takes_context=True)
def post_likes(context, post):
    """The Like button, "N bloggers like this" and the latest likers' avatars."""
    return section_context(context["request"], post)
