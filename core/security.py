"""Requests the views should never see, and a header every response carries.

Django reads every form as UTF-8 and refuses a body that declares another charset
it knows (`charset=shift_jis`) by raising `BadRequest` each time `request.POST` is
read. Its own error pages read it again (they check the CSRF token), fail the same
way, and the visitor gets a 500. `FormCharsetMiddleware` answers such a form with a
400 that says what to send instead, at the moment the form would be read: before
the CSRF check for the views it protects, and when the view reads it for the
exempt ones. A view that decodes its own body (trackbacks honour the sender's
charset) never reads `request.POST`, so its answer stays its own.

PostgreSQL cannot store NUL in text. Form fields refuse it (Django's `CharField`),
but headers and cookies reach the code as they came: a User-Agent is stored with a
comment, a session cookie is looked up in the database. `NulCharacterMiddleware`
refuses a header carrying NUL, as RFC 9110 (section 5.5) allows, and forgets a
cookie carrying one (a quoted cookie can spell it `\\000`), as if it had never
been set.

`PermissionsPolicyMiddleware` switches off, for the blog's pages and anything they
might embed, the browser features it never uses, so a script that slipped past the
Content-Security-Policy still cannot ask for the camera, the location or a
payment, nor enrol the reader in ad-interest topics.
"""

import codecs

from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"

DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "interest-cohort",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "window-management",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


def refused(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def declared_form_charset(request):
    """The codec name of the charset a form body declares, or None.

    Django only takes a charset it can look up; under any other name the body is
    read as UTF-8, so it is no concern here.
    """
    if request.method != "POST" or request.content_type != FORM_CONTENT_TYPE:
        return None
    if request.encoding is None:
        return None
    return codecs.lookup(request.encoding).name


class FormCharsetMiddleware:
    """Refuse, with a 400 that says why, a form body in a charset other than UTF-8.

    `UTF8` and the other spellings of UTF-8 are read as UTF-8 rather than refused.
    Must come before CsrfViewMiddleware, which reads the form of the views it protects.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_form_charset(request) == "utf-8":
            # Django takes only this spelling; "UTF8" would be refused.
            request.encoding = "utf-8"
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # An exempt view reads its form itself, if at all: refused then, in process_exception.
        if getattr(view_func, "csrf_exempt", False):
            return None
        return self.refusal(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadRequest):
            return self.refusal(request)
        return None

    @staticmethod
    def refusal(request):
        charset = declared_form_charset(request)
        if charset in (None, "utf-8"):
            return None
        return refused(
            f"This form was sent as {charset}; forms on this site must be sent as UTF-8."
        )


class NulCharacterMiddleware:
    """Refuse a request with NUL in a header; forget a cookie with NUL in its value.

    Must come before anything that reads cookies (the page cache, sessions).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in request.headers.items():
            if "\x00" in value:
                return refused(f"The {name} header contains a NUL character.")
        for name in [name for name, value in request.COOKIES.items() if "\x00" in value]:
            del request.COOKIES[name]
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Add the site's Permissions-Policy to every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
