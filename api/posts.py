"""`/wp/v2/posts`: what the public pages show, and writing for those who may."""

from django.db.models import Prefetch
from rest_framework import status
from rest_framework.response import Response

from posts.models import Category, Post, Tag
from posts.search import search_posts

from . import representations, rules
from .base import WordPressView
from .errors import ApiError
from .writing import WP_TO_STATUS, PostWrite

# The home page's order, so the API lists what the home page shows, as it shows it.
LIST_ORDER = ("-sticky", "-published_at", "-pk")
# The statuses that make a post public, now, later or to its readers with access.
PUBLISHING = ("publish", "future", "private")


def invalid_id():
    return ApiError("rest_post_invalid_id", "Invalid post ID.", 404)


class PostViewMixin(WordPressView):
    def get_queryset(self):
        user = self.request.user
        posts = Post.objects.visible_to(user) if user.is_authenticated else Post.objects.published()
        return posts.select_related("author").prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("pk")),
            Prefetch("tags", queryset=Tag.objects.order_by("pk")),
        )

    def check_publishing(self, form):
        """Contributors write drafts and posts pending review, as in the admin."""
        status = form.validated_data.get("status")
        if status in PUBLISHING and not rules.may_publish(self.request.user):
            self.forbid(
                "rest_cannot_publish",
                "Sorry, you are not allowed to publish posts in this post type.",
            )

    def as_json(self, post):
        return representations.post_json(
            post, self.request, edit=self.context_name == "edit", embed=self.embed
        )


class PostList(PostViewMixin):
    def get(self, request):
        if self.context_name == "edit" and not rules.may_write_posts(request.user):
            self.forbid(
                "rest_forbidden_context",
                "Sorry, you are not allowed to edit posts in this post type.",
            )
        posts = self.filter(self.get_queryset()).order_by(*LIST_ORDER)
        page = self.paginate_queryset(posts)
        return self.get_paginated_response([self.as_json(post) for post in page])

    def filter(self, posts):
        params = self.request.query_params
        statuses = [s for value in params.getlist("status") for s in value.split(",") if s]
        if not statuses or statuses == ["publish"]:
            posts = posts.filter(pk__in=Post.objects.published().values("pk"))
        elif not rules.may_write_posts(self.request.user):
            raise ApiError(
                "rest_invalid_param",
                "Invalid parameter(s): status",
                params={"status": "Status is forbidden."},
            )
        else:
            unknown = [s for s in statuses if s not in (*WP_TO_STATUS, "any")]
            if unknown:
                raise ApiError(
                    "rest_invalid_param",
                    "Invalid parameter(s): status",
                    params={"status": f"status is not one of {', '.join(WP_TO_STATUS)}, any."},
                )
            if "any" not in statuses:
                posts = posts.filter(status__in={WP_TO_STATUS[s] for s in statuses})
        if categories := self.ids_param("categories"):
            posts = posts.filter(categories__in=categories)
        if tags := self.ids_param("tags"):
            posts = posts.filter(tags__in=tags)
        if authors := self.ids_param("author"):
            posts = posts.filter(author__in=authors)
        if include := self.ids_param("include"):
            posts = posts.filter(pk__in=include)
        if query := params.get("search"):
            posts = posts.filter(pk__in=search_posts(query).values("pk"))
        if "sticky" in params:
            posts = posts.filter(sticky=params["sticky"] in ("1", "true"))
        if categories or tags:
            posts = posts.distinct()
        return posts

    def post(self, request):
        if not rules.may_write_posts(request.user):
            self.forbid(
                "rest_cannot_create", "Sorry, you are not allowed to create posts as this user."
            )
        form = self.validated(PostWrite)
        self.check_publishing(form)
        author = form.validated_data.get("author", request.user)
        if not rules.may_assign_author(request.user, author):
            self.forbid(
                "rest_cannot_edit_others",
                "Sorry, you are not allowed to create posts as this user.",
            )
        post = form.save_to(Post(author=request.user, title=""))
        post = self.get_queryset().get(pk=post.pk)
        return Response(
            representations.post_json(post, request, edit=True),
            status=status.HTTP_201_CREATED,
            headers={"Location": representations.api_url("post-detail", pk=post.pk)},
        )


class PostDetail(PostViewMixin):
    def get_object(self):
        post = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if post is None:
            raise invalid_id()
        return post

    def get(self, request, pk):
        post = self.get_object()
        if self.context_name == "edit" and not rules.may_edit(request.user, post):
            self.forbid("rest_forbidden_context", "Sorry, you are not allowed to edit this post.")
        return Response(self.as_json(post))

    def post(self, request, pk):
        post = self.get_object()
        if not rules.may_edit(request.user, post):
            self.forbid("rest_cannot_edit", "Sorry, you are not allowed to edit this post.")
        form = self.validated(PostWrite, instance=post)
        self.check_publishing(form)
        author = form.validated_data.get("author", post.author)
        if author != post.author and not rules.may_assign_author(request.user, author):
            self.forbid(
                "rest_cannot_edit_others",
                "Sorry, you are not allowed to update posts as this user.",
            )
        form.save_to(post)
        post = self.get_queryset().get(pk=post.pk)
        return Response(representations.post_json(post, request, edit=True))

    put = patch = post

    def delete(self, request, pk):
        post = self.get_object()
        if not rules.may_delete(request.user, post):
            self.forbid("rest_cannot_delete", "Sorry, you are not allowed to delete this post.")
        previous = representations.post_json(post, request, edit=True)
        post.delete()
        return Response({"deleted": True, "previous": previous})
