"""CSRF for forms on cached pages.

A page the page cache serves is the same for every guest, so its forms (the
comment form, the Like button) carry no token. Their views are exempt from the
middleware and run its check themselves (`csrf_failure`), after deciding what a
failure should keep; the page's script fetches a token first (`token_response`).
"""

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token


def csrf_failure(request):
    """Django's CSRF check, run here: the 403 response when it fails, else None."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


def token_response(request, **extra):
    """A fresh CSRF token (and whatever else the form needs) as JSON; never cache it."""
    return JsonResponse({"csrf": get_token(request), **extra})


def wants_json(request):
    """The page's script asked for JSON (Accept: application/json) rather than a page."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"
