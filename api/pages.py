"""`/wp/v2/pages`: the static pages, nested by parent, through the posts endpoint's views.

Public reads are the public pages (`Page.objects.published()`), a protected page without
its text; writing follows the page screen's permissions (Editors manage pages)."""

from django.db.models import Q

from posts.models import Page
from posts.search import search_pages

from . import representations
from .errors import ApiError
from .posts import PostDetail, PostList, PostViewMixin
from .writing import PageWrite

ORDERINGS = {
    "date": "published_at",
    "id": "pk",
    "modified": "updated",
    "slug": "slug",
    "title": "title",
    "menu_order": "menu_order",
    "parent": "parent_id",
}


class PageViewMixin(PostViewMixin):
    model = Page
    kind = "page"
    write_class = PageWrite
    to_json = staticmethod(representations.page_json)

    def get_queryset(self):
        return self.entries().select_related("author", "featured_image", "parent")


class PageList(PageViewMixin, PostList):
    def filter(self, pages):
        pages = self.filter_status(pages)
        params = self.request.query_params
        parents = self.parents_param()
        if parents is not None:
            under = Q(parent__in=[p for p in parents if p])
            pages = pages.filter(under | Q(parent__isnull=True) if 0 in parents else under)
        if slugs := [s for value in params.getlist("slug") for s in value.split(",") if s]:
            pages = pages.filter(slug__in=slugs)
        if authors := self.ids_param("author"):
            pages = pages.filter(author__in=authors)
        if include := self.ids_param("include"):
            pages = pages.filter(pk__in=include)
        if query := params.get("search"):
            pages = search_pages(pages, query)
        return pages

    def parents_param(self):
        """`?parent=0,3`: ids, 0 standing for the top level; None when not asked."""
        values = self.request.query_params.getlist("parent")
        values += self.request.query_params.getlist("parent[]")
        if not values:
            return None
        parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise ApiError(
                "rest_invalid_param",
                "Invalid parameter(s): parent",
                params={"parent": "parent must be a list of ids."},
            )
        return [int(part) for part in parts]

    def ordering(self):
        """WordPress's `orderby` (date unless told) and `order` (desc unless told)."""
        params = self.request.query_params
        orderby, order = params.get("orderby", "date"), params.get("order", "desc")
        if orderby not in ORDERINGS:
            raise ApiError(
                "rest_invalid_param",
                "Invalid parameter(s): orderby",
                params={"orderby": f"orderby is not one of {', '.join(ORDERINGS)}."},
            )
        if order not in ("asc", "desc"):
            raise ApiError(
                "rest_invalid_param",
                "Invalid parameter(s): order",
                params={"order": "order is not one of asc, desc."},
            )
        sign = "-" if order == "desc" else ""
        return (f"{sign}{ORDERINGS[orderby]}", f"{sign}pk")


class PageDetail(PageViewMixin, PostDetail):
    pass
