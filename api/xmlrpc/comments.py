"""The WordPress API's comments: the moderation queue for moderators, new comments through
the comment form's one pipeline (CommentForm, then `moderation.admit`), as REST has them."""

import datetime

from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment
from core.sanitize import sanitize_comment_html
from posts.models import Post

from .. import rules
from ..writing import WP_TO_COMMENT_STATUS
from . import structs
from .base import Fault, as_id, method, sent_date, struct

MAY_NOT_MODERATE = "Sorry, you are not allowed to moderate or edit this comment."


def comments():
    return Comment.objects.select_related("post").order_by("-created", "-pk")


def comment_or_404(comment_id):
    comment = comments().filter(pk=as_id(comment_id)).first()
    if comment is None:
        raise Fault(404, "Invalid comment ID.")
    return comment


@method("wp.getComment")
def get_comment(request, user, blog_id, comment_id):
    comment = comment_or_404(comment_id)
    if not rules.may_moderate(user):
        raise Fault(403, MAY_NOT_MODERATE)
    return structs.comment_struct(comment)


@method("wp.getComments")
def get_comments(request, user, blog_id, query=None):
    query = struct(query or {})
    status = query.get("status", "")
    found = comments()
    if rules.may_moderate(user):
        if status:
            found = found.filter(status=WP_TO_COMMENT_STATUS.get(status, status))
    elif status == "approve":
        found = found.approved().filter(post__in=Post.objects.published())
    else:
        raise Fault(401, "Invalid comment status.")
    if post_id := as_id(query.get("post_id", 0)):
        found = found.filter(post=post_id)
    offset = as_id(query.get("offset", 0))
    number = as_id(query.get("number", 10)) or 10
    return [structs.comment_struct(c) for c in found[offset : offset + number]]


@method("wp.editComment", write=True)
def edit_comment(request, user, blog_id, comment_id, content):
    content = struct(content)
    comment = comment_or_404(comment_id)
    if not rules.may_moderate(user):
        raise Fault(403, MAY_NOT_MODERATE)
    new_status = None
    if "status" in content:
        new_status = WP_TO_COMMENT_STATUS.get(content["status"])
        if new_status is None:
            raise Fault(401, "Invalid comment status.")
    if "content" in content:
        comment.body = sanitize_comment_html(str(content["content"]))
    for wp, field in (
        ("author", "author_name"),
        ("author_url", "author_url"),
        ("author_email", "author_email"),
    ):
        if wp in content:
            setattr(comment, field, str(content[wp])[: Comment._meta.get_field(field).max_length])
    if content.get("date_created_gmt"):
        comment.created = sent_date(content["date_created_gmt"]).replace(tzinfo=datetime.UTC)
    comment.save()
    if new_status and new_status != comment.status:
        comment.set_status(new_status, reason="changed through XML-RPC")
    return True


@method("wp.newComment", write=True)
def new_comment(request, user, blog_id, post_id, content):
    content = struct(content)
    post = Post.objects.published().filter(pk=as_id(post_id)).first()
    if post is None:
        raise Fault(404, "Invalid post ID.")
    if not str(content.get("content") or "").strip():
        raise Fault(403, "Comment is required.")
    parent = as_id(content.get("comment_parent", 0))
    form = CommentForm(
        {"body": str(content["content"]), "post": post.pk, "parent": parent or ""},
        post=post,
        user=user,
    )
    if not form.is_valid():
        raise Fault(403, " ".join(m for messages in form.errors.values() for m in messages))
    comment = form.build_comment(request)
    if refused := moderation.admit(comment):
        raise Fault(403, refused.message)
    return comment.pk


@method("wp.deleteComment", write=True)
def delete_comment(request, user, blog_id, comment_id):
    comment = comment_or_404(comment_id)
    if not rules.may_moderate(user):
        raise Fault(403, "Sorry, you are not allowed to delete this comment.")
    comment.set_status(Comment.Status.TRASH, reason="trashed through XML-RPC")
    return True
