"""`/wp/v2/categories` and `/wp/v2/tags`: every term, with its count of published posts."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response

from posts.models import Category, Post, Tag

from . import representations
from .base import WordPressView
from .errors import ApiError
from .writing import TermWrite


def published_count():
    return Count(
        "posts",
        filter=Q(posts__status=Post.Status.PUBLISHED, posts__published_at__lte=timezone.now()),
        distinct=True,
    )


class TermViewMixin(WordPressView):
    model = None
    to_json = None
    add_permission = None

    def get_queryset(self):
        return self.model.objects.annotate(post_count=published_count()).order_by("name", "pk")

    def json(self, term):
        return self.to_json(term)


class TermList(TermViewMixin):
    def get(self, request):
        terms = self.get_queryset()
        params = request.query_params
        if query := params.get("search"):
            terms = terms.filter(Q(name__icontains=query) | Q(slug__icontains=query))
        if slugs := [s for value in params.getlist("slug") for s in value.split(",") if s]:
            terms = terms.filter(slug__in=slugs)
        if post_ids := self.ids_param("post"):
            terms = terms.filter(posts__in=Post.objects.published().filter(pk__in=post_ids))
        if params.get("hide_empty") in ("1", "true"):
            terms = terms.filter(post_count__gt=0)
        if self.model is Category and (parents := self.ids_param("parent")):
            terms = terms.filter(parent__in=parents)
        page = self.paginate_queryset(terms)
        return self.get_paginated_response([self.json(term) for term in page])

    def post(self, request):
        if not (request.user.is_authenticated and request.user.has_perm(self.add_permission)):
            self.forbid(
                "rest_cannot_create", "Sorry, you are not allowed to create terms in this taxonomy."
            )
        form = self.validated(TermWrite, model=self.model)
        data = form.validated_data
        fields = {"name": data["name"], "slug": data.get("slug", "")}
        if self.model is Category:
            fields.update(description=data.get("description", ""), parent=data.get("parent"))
        elif self.model.objects.filter(name__iexact=data["name"]).exists():
            raise ApiError("term_exists", "A term with the name provided already exists.", 400)
        with transaction.atomic():
            term = self.model.objects.create(**fields)
        term = self.get_queryset().get(pk=term.pk)
        return Response(self.json(term), status=status.HTTP_201_CREATED)


class TermDetail(TermViewMixin):
    def get(self, request, pk):
        term = self.get_queryset().filter(pk=pk).first()
        if term is None:
            raise ApiError("rest_term_invalid", "Term does not exist.", 404)
        return Response(self.json(term))


class CategoryTerms:
    model = Category
    add_permission = "posts.add_category"
    to_json = staticmethod(representations.category_json)


class TagTerms:
    model = Tag
    add_permission = "posts.add_tag"
    to_json = staticmethod(representations.tag_json)


class CategoryList(CategoryTerms, TermList):
    pass


class CategoryDetail(CategoryTerms, TermDetail):
    pass


class TagList(TagTerms, TermList):
    pass


class TagDetail(TagTerms, TermDetail):
    pass
