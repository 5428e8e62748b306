from django import template

from comments.threads import section_for

register = template.Library()


@register.inclusion_tag("comments/_responses.html", takes_context=True)
def post_responses(context, post):
    """Comments, pings and the reply form of a post."""
    return section_for(post, context["request"], context.get("csrf_token"))
