from django import template

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/_pending_link.html", takes_context=True)
def pending_comments_link(context):
    """ "Comments awaiting moderation: N" in the admin's header, for those who moderate."""
    user = context["request"].user
    if not (user.is_active and user.has_perm("comments.moderate_comment")):
        return {"count": None}
    return {"count": Comment.objects.filter(status=Comment.Status.PENDING).count()}
