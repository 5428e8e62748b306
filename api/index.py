"""`/wp-json/` and `/wp-json/wp/v2/`: what the API offers, as WordPress describes itself."""

from django.conf import settings
from django.urls import reverse
from rest_framework.response import Response

from core.site_url import absolute, site_url

from .base import WordPressView
from .errors import ApiError

ROUTES = {
    "/wp/v2/posts": ["GET", "POST"],
    "/wp/v2/posts/(?P<id>[\\d]+)": ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/wp/v2/pages": ["GET", "POST"],
    "/wp/v2/pages/(?P<id>[\\d]+)": ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/wp/v2/media": ["GET", "POST"],
    "/wp/v2/media/(?P<id>[\\d]+)": ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/wp/v2/categories": ["GET", "POST"],
    "/wp/v2/categories/(?P<id>[\\d]+)": ["GET"],
    "/wp/v2/tags": ["GET", "POST"],
    "/wp/v2/tags/(?P<id>[\\d]+)": ["GET"],
    "/wp/v2/comments": ["GET", "POST"],
    "/wp/v2/comments/(?P<id>[\\d]+)": ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/wp/v2/users/me": ["GET"],
    "/wp/v2/users/(?P<id>[\\d]+)": ["GET"],
}


def routes(prefix=""):
    return {
        route: {
            "namespace": "wp/v2",
            "methods": methods,
            "endpoints": [{"methods": methods}],
            **(
                {"_links": {"self": [{"href": absolute(f"/wp-json{route}")}]}}
                if "(" not in route
                else {}
            ),
        }
        for route, methods in ROUTES.items()
        if route.startswith(prefix)
    }


class RootIndex(WordPressView):
    def get(self, request):
        return Response(
            {
                "name": settings.BLOG_TITLE,
                "description": settings.BLOG_TAGLINE,
                "url": site_url(),
                "home": site_url(),
                "namespaces": ["wp/v2"],
                "authentication": {
                    "application-passwords": {
                        "endpoints": {
                            "authorization": absolute(reverse("admin:api_applicationpassword_add"))
                        }
                    }
                },
                "routes": {"/": {"namespace": "", "methods": ["GET"]}, **routes()},
                "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
            }
        )


class NamespaceIndex(WordPressView):
    def get(self, request):
        return Response({"namespace": "wp/v2", "routes": routes("/wp/v2")})


class NoRoute(WordPressView):
    def initial(self, request, *args, **kwargs):
        raise ApiError(
            "rest_no_route", "No route was found matching the URL and request method.", 404
        )
