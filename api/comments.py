"""`/wp/v2/comments`: approved comments of public posts for everyone; the queue for moderators.

New comments enter through the one moderation pipeline, as the comment form's do.
"""

from django.db import transaction
from rest_framework import status
from rest_framework.response import Response

from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment
from posts.models import Post

from . import representations, rules
from .base import WordPressView
from .errors import ApiError
from .writing import WP_TO_COMMENT_STATUS, CommentModeration, CommentWrite


class CommentViewMixin(WordPressView):
    def get_queryset(self):
        comments = Comment.objects.select_related("post").order_by("-created", "-pk")
        if rules.may_moderate(self.request.user):
            return comments
        # Posts' and pages' comments: both take them (`Post.entries`).
        return comments.approved().filter(post__in=Post.entries.published())

    def as_json(self, comment):
        edit = self.context_name == "edit"
        return representations.comment_json(comment, edit=edit)


class CommentList(CommentViewMixin):
    def get(self, request):
        if self.context_name == "edit" and not rules.may_moderate(request.user):
            self.forbid("rest_forbidden_context", "Sorry, you are not allowed to edit comments.")
        comments = self.get_queryset()
        statuses = [s for v in request.query_params.getlist("status") for s in v.split(",") if s]
        if statuses and statuses != ["approve"] and not rules.may_moderate(request.user):
            self.forbid("rest_forbidden_param", "Query parameter not permitted: status")
        wanted = {WP_TO_COMMENT_STATUS[s] for s in statuses if s in WP_TO_COMMENT_STATUS}
        comments = comments.filter(status__in=wanted or {Comment.Status.APPROVED})
        if posts := self.ids_param("post"):
            comments = comments.filter(post__in=posts)
        if parents := self.ids_param("parent"):
            comments = comments.filter(parent__in=parents)
        page = self.paginate_queryset(comments)
        return self.get_paginated_response([self.as_json(c) for c in page])

    def post(self, request):
        self.require_sign_in(
            "rest_comment_login_required", "Sorry, you must be logged in to comment."
        )
        data = self.validated(CommentWrite).validated_data
        post = data["post"]
        form = CommentForm(
            {"body": data["content"], "post": post.pk, "parent": data.get("parent") or ""},
            post=post,
            user=request.user,
        )
        if not form.is_valid():
            names = {"body": "content"}
            raise ApiError(
                "rest_invalid_param",
                f"Invalid parameter(s): {', '.join(names.get(n, n) for n in form.errors)}",
                params={names.get(n, n): " ".join(e) for n, e in form.errors.items()},
            )
        comment = form.build_comment(request)
        if refused := moderation.admit(comment):
            raise ApiError("rest_comment_refused", refused.message, refused.status_code)
        return Response(
            representations.comment_json(comment, edit=rules.may_moderate(request.user)),
            status=status.HTTP_201_CREATED,
        )


class CommentDetail(CommentViewMixin):
    def get_object(self):
        comment = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if comment is None:
            raise ApiError("rest_comment_invalid_id", "Invalid comment ID.", 404)
        return comment

    def get(self, request, pk):
        if self.context_name == "edit" and not rules.may_moderate(request.user):
            self.forbid("rest_forbidden_context", "Sorry, you are not allowed to edit comments.")
        return Response(self.as_json(self.get_object()))

    def post(self, request, pk):
        comment = self.get_object()
        if not rules.may_moderate(request.user):
            self.forbid("rest_cannot_edit", "Sorry, you are not allowed to edit this comment.")
        new_status = WP_TO_COMMENT_STATUS[
            self.validated(CommentModeration).validated_data["status"]
        ]
        with transaction.atomic():
            comment.set_status(new_status, reason="changed through the REST API")
        return Response(representations.comment_json(comment, edit=True))

    put = patch = post

    def delete(self, request, pk):
        comment = self.get_object()
        if not rules.may_moderate(request.user):
            self.forbid("rest_cannot_delete", "Sorry, you are not allowed to delete this comment.")
        if request.query_params.get("force") in ("1", "true"):
            previous = representations.comment_json(comment, edit=True)
            comment.delete()
            return Response({"deleted": True, "previous": previous})
        comment.set_status(Comment.Status.TRASH, reason="trashed through the REST API")
        return Response(representations.comment_json(comment, edit=True))
