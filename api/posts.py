"""`/wp/v2/posts`: what the public pages show, and writing for those who may.

The views are written once for the entries of the Post table; `pages.py` gives them the
page's model, fields and words."""

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


class PostViewMixin(WordPressView):
    model = Post
    kind = "post"
    write_class = PostWrite
    to_json = staticmethod(representations.post_json)

    def entries(self):
        user = self.request.user
        manager = self.model.objects
        return manager.visible_to(user) if user.is_authenticated else manager.published()

    def get_queryset(self):
        return (
            self.entries()
            .select_related("author", "featured_image")
            .prefetch_related(
                Prefetch("categories", queryset=Category.objects.order_by("pk")),
                Prefetch("tags", queryset=Tag.objects.order_by("pk")),
            )
        )

    def as_json(self, post, *, written=False):
        """The entry as asked (`context`, `_embed`), or as a write answers: in edit context."""
        if written:
            return self.to_json(post, self.request, edit=True)
        return self.to_json(post, self.request, edit=self.context_name == "edit", embed=self.embed)

    def invalid_id(self):
        return ApiError(f"rest_{self.kind}_invalid_id", f"Invalid {self.kind} ID.", 404)

    def may_not(self, code, doing):
        self.forbid(code, f"Sorry, you are not allowed to {doing}.")

    def checked_status(self, form):
        """A Contributor may not publish, schedule or make private (WordPress's
        `rest_cannot_publish`)."""
        if not rules.may_set_status(self.request.user, form.validated_data.get("status")):
            self.may_not("rest_cannot_publish", f"publish {self.kind}s in this post type")


class PostList(PostViewMixin):
    def get(self, request):
        if self.context_name == "edit" and not rules.may_write_posts(request.user, self.kind):
            self.may_not("rest_forbidden_context", f"edit {self.kind}s in this post type")
        posts = self.filter(self.get_queryset()).order_by(*self.ordering())
        page = self.paginate_queryset(posts)
        return self.get_paginated_response([self.as_json(post) for post in page])

    def ordering(self):
        return LIST_ORDER

    def filter(self, posts):
        posts = self.filter_status(posts)
        if categories := self.ids_param("categories"):
            posts = posts.filter(categories__in=categories)
        if tags := self.ids_param("tags"):
            posts = posts.filter(tags__in=tags)
        if authors := self.ids_param("author"):
            posts = posts.filter(author__in=authors)
        if include := self.ids_param("include"):
            posts = posts.filter(pk__in=include)
        params = self.request.query_params
        if query := params.get("search"):
            posts = posts.filter(pk__in=search_posts(query).values("pk"))
        if "sticky" in params:
            posts = posts.filter(sticky=params["sticky"] in ("1", "true"))
        if categories or tags:
            posts = posts.distinct()
        return posts

    def filter_status(self, posts):
        """Published entries unless the asker, who may write them, names other statuses."""
        params = self.request.query_params
        statuses = [s for value in params.getlist("status") for s in value.split(",") if s]
        if not statuses or statuses == ["publish"]:
            posts = posts.filter(pk__in=self.model.objects.published().values("pk"))
        elif not rules.may_write_posts(self.request.user, self.kind):
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
        return posts

    def post(self, request):
        if not rules.may_write_posts(request.user, self.kind):
            self.may_not("rest_cannot_create", f"create {self.kind}s as this user")
        form = self.validated(self.write_class)
        self.checked_status(form)
        author = form.validated_data.get("author", request.user)
        if not rules.may_assign_author(request.user, author):
            self.may_not("rest_cannot_edit_others", f"create {self.kind}s as this user")
        post = form.save_to(self.model(author=request.user, title=""))
        post = self.get_queryset().get(pk=post.pk)
        return Response(
            self.as_json(post, written=True),
            status=status.HTTP_201_CREATED,
            headers={"Location": representations.api_url(f"{self.kind}-detail", pk=post.pk)},
        )


class PostDetail(PostViewMixin):
    def get_object(self):
        post = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if post is None:
            raise self.invalid_id()
        return post

    def get(self, request, pk):
        post = self.get_object()
        if self.context_name == "edit" and not rules.may_edit(request.user, post):
            self.may_not("rest_forbidden_context", f"edit this {self.kind}")
        return Response(self.as_json(post))

    def post(self, request, pk):
        post = self.get_object()
        if not rules.may_edit(request.user, post):
            self.may_not("rest_cannot_edit", f"edit this {self.kind}")
        form = self.validated(self.write_class, instance=post)
        self.checked_status(form)
        author = form.validated_data.get("author", post.author)
        if author != post.author and not rules.may_assign_author(request.user, author):
            self.may_not("rest_cannot_edit_others", f"update {self.kind}s as this user")
        form.save_to(post)
        post = self.get_queryset().get(pk=post.pk)
        return Response(self.as_json(post, written=True))

    put = patch = post

    def delete(self, request, pk):
        post = self.get_object()
        if not rules.may_delete(request.user, post):
            self.may_not("rest_cannot_delete", f"delete this {self.kind}")
        previous = self.as_json(post, written=True)
        post.delete()
        return Response({"deleted": True, "previous": previous})
