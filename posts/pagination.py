"""Page links for list views that put the page in the path: `…/page/N/`."""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property

from core.params import positive_int

PAGE_SUFFIX = re.compile(r"page/\d+/$")


def page_url(base_path, number):
    """Page 1 is the list's own URL; later pages add `page/N/`."""
    return base_path if number == 1 else f"{base_path}page/{number}/"


class PageURLMixin:
    """For a MultipleObjectMixin: canonical page URLs and links to the neighbours."""

    def get(self, request, *args, **kwargs):
        if "page" in request.GET:
            number = positive_int(request.GET["page"])
            if number is None:
                raise Http404("No such page.")
            return redirect(page_url(self.base_path(), number), permanent=True)
        if str(kwargs.get("page")) == "1":
            return redirect(self.base_path(), permanent=True)
        return super().get(request, *args, **kwargs)

    def base_path(self):
        return PAGE_SUFFIX.sub("", self.request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            base = self.base_path()
            context["previous_page_url"] = (
                page_url(base, page.previous_page_number()) if page.has_previous() else None
            )
            context["next_page_url"] = (
                page_url(base, page.next_page_number()) if page.has_next() else None
            )
            context["canonical_path"] = page_url(base, page.number)
        return context


class DeepPagesPaginator(Paginator):
    """Pages far into a list (`/page/50/`) find their posts' ids on the list's index
    first, then read those rows by id: the database skips index entries, not the joined
    rows of every post before the page."""

    deep = 100

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.deep or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {post.pk: post for post in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class DistinctPostsPaginator(DeepPagesPaginator):
    """Pages of a list that joins the posts' categories (a post filed under two of them is
    one row, by DISTINCT): counted by id alone, not by comparing every column."""

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk").count()
