"""Errors in WordPress's shape: `{"code", "message", "data": {"status"}}`.

Clients written for WordPress read `code`, so each refusal names the code
WordPress gives for the same case.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response


class ApiError(exceptions.APIException):
    """A refusal with WordPress's code, message and status."""

    def __init__(self, code, message, status_code=400, **data):
        self.status_code = status_code
        self.wp_code = code
        self.data = data
        super().__init__(message, code)


def invalid_param(errors):
    """400 `rest_invalid_param` naming each bad parameter, as WordPress lists them."""
    params = {
        "body" if name == "non_field_errors" else name: " ".join(str(m) for m in _messages(value))
        for name, value in errors.items()
    }
    return ApiError(
        "rest_invalid_param",
        f"Invalid parameter(s): {', '.join(params)}",
        params=params,
    )


def _messages(value):
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list):
        return [m for v in value for m in _messages(v)]
    return [value]


FALLBACK_CODES = {
    exceptions.ParseError: "rest_invalid_json",
    exceptions.AuthenticationFailed: "incorrect_password",
    exceptions.PermissionDenied: "rest_forbidden",
    exceptions.NotFound: "rest_no_route",
    exceptions.MethodNotAllowed: "rest_no_route",
    exceptions.UnsupportedMediaType: "rest_invalid_param",
    exceptions.Throttled: "rest_too_many_requests",
}


def handle(exc, context):
    """DRF's exception handler, answering in WordPress's shape."""
    if isinstance(exc, Http404):
        exc = ApiError(
            "rest_no_route", "No route was found matching the URL and request method.", 404
        )
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = ApiError("rest_request_too_large", "The request body is too large.", 413)
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF"):
        # What WordPress answers a signed-in browser's write without its nonce.
        exc = ApiError("rest_cookie_invalid_nonce", str(exc.detail), 403)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"body": exc.detail}
        exc = invalid_param(detail)
    if not isinstance(exc, exceptions.APIException):
        return None
    if isinstance(exc, ApiError):
        code, data = exc.wp_code, exc.data
    else:
        code = next(
            (c for kind, c in FALLBACK_CODES.items() if isinstance(exc, kind)), "rest_error"
        )
        data = {}
    body = {"code": code, "message": str(exc.detail), "data": {"status": exc.status_code, **data}}
    response = Response(body, status=exc.status_code)
    if isinstance(exc, exceptions.AuthenticationFailed):
        response["WWW-Authenticate"] = 'Basic realm="api"'
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response
