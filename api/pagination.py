"""WordPress's paging: `page` and `per_page` (at most 100), the totals in headers, a bare list."""

from django.core.paginator import InvalidPage
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .errors import ApiError


class WordPressPagination(PageNumberPagination):
    page_size = 10
    page_query_param = "page"
    page_size_query_param = "per_page"
    max_page_size = 100

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= self.max_page_size:
            raise ApiError(
                "rest_invalid_param",
                f"Invalid parameter(s): {self.page_size_query_param}",
                params={
                    "per_page": f"per_page must be between 1 (inclusive) and {self.max_page_size} "
                    "(inclusive)"
                },
            )
        return int(value)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = request.query_params.get(self.page_query_param, "1")
        if not number.isascii() or not number.isdigit() or int(number) < 1:
            raise ApiError(
                "rest_invalid_param",
                "Invalid parameter(s): page",
                params={"page": "page must be greater than or equal to 1"},
            )
        try:
            self.page = paginator.page(int(number)) if paginator.count else None
            if self.page is None and int(number) > 1:
                raise InvalidPage
        except InvalidPage:
            raise ApiError(
                "rest_post_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            ) from None
        self.total = paginator.count
        self.total_pages = paginator.num_pages if paginator.count else 0
        return list(self.page) if self.page is not None else []

    def get_paginated_response(self, data):
        response = Response(data)
        response["X-WP-Total"] = str(self.total)
        response["X-WP-TotalPages"] = str(self.total_pages)
        return response
