from django.urls import reverse

from core.site_url import absolute
from posts.models import Post

API_REL = "https://api.w.org/"


class DiscoveryLinkMiddleware:
    """`Link: <…/wp-json/>; rel="https://api.w.org/"` on the site's pages, as WordPress
    sends it, so that clients find the REST API from any address of the blog.

    It sits inside the page cache, so a cached page keeps the header it was stored with.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            add_link(response, f'<{absolute("/wp-json/")}>; rel="{API_REL}"')
        return response

    def process_template_response(self, request, response):
        """A public post's (or page's) page also points at it in the API, as WordPress's does."""
        post = (response.context_data or {}).get("post")
        if isinstance(post, Post) and post.is_published:
            href = absolute(reverse(f"api:{post.kind}-detail", kwargs={"pk": post.pk}))
            add_link(response, f'<{href}>; rel="alternate"; type="application/json"')
        return response


def add_link(response, link):
    """Add to the response's `Link` header, beside what other apps put there."""
    existing = response.get("Link")
    response["Link"] = f"{existing}, {link}" if existing else link
