"""What every REST view shares: sign-in, JSON, WordPress's paging, errors and `context`."""

from rest_framework import authentication, parsers, renderers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.params import positive_int

from . import errors
from .authentication import ApplicationPasswordAuthentication
from .pagination import WordPressPagination

CONTEXTS = ("view", "embed", "edit")


class WordPressView(GenericAPIView):
    # Application passwords for tools; the session (with its CSRF check) for the
    # admin's own pages.
    authentication_classes = [
        ApplicationPasswordAuthentication,
        authentication.SessionAuthentication,
    ]
    permission_classes = []
    renderer_classes = [renderers.JSONRenderer]
    parser_classes = [parsers.JSONParser, parsers.FormParser, parsers.MultiPartParser]
    pagination_class = WordPressPagination

    def get_exception_handler(self):
        return errors.handle

    def options(self, request, *args, **kwargs):
        """What WordPress says of a route asked with OPTIONS: its methods."""
        return Response({"namespace": "wp/v2", "methods": self.allowed_methods})

    @property
    def context_name(self):
        name = self.request.query_params.get("context", "view")
        if name not in CONTEXTS:
            raise errors.ApiError(
                "rest_invalid_param",
                "Invalid parameter(s): context",
                params={"context": f"context is not one of {', '.join(CONTEXTS)}."},
            )
        return name

    @property
    def embed(self):
        return "_embed" in self.request.query_params

    def require_sign_in(self, code="rest_forbidden", message=None):
        if not self.request.user.is_authenticated:
            raise errors.ApiError(code, message or "Sorry, you are not allowed to do that.", 401)

    def forbid(self, code, message):
        status = 403 if self.request.user.is_authenticated else 401
        raise errors.ApiError(code, message, status)

    def ids_param(self, name):
        """A list of ids from `?name=1,2` or `?name[]=1&name[]=2`; 400 if one is not an id."""
        values = self.request.query_params.getlist(name) + self.request.query_params.getlist(
            f"{name}[]"
        )
        ids = [part for value in values for part in value.split(",") if part != ""]
        numbers = [positive_int(part.strip()) for part in ids]
        if None in numbers:
            raise errors.ApiError(
                "rest_invalid_param",
                f"Invalid parameter(s): {name}",
                params={name: f"{name} must be a list of ids."},
            )
        return numbers

    def validated(self, serializer_class, instance=None, **context):
        serializer = serializer_class(
            data=self.request.data, partial=instance is not None, context=context
        )
        if not serializer.is_valid():
            raise errors.invalid_param(serializer.errors)
        return serializer
