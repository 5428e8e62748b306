from core.site_url import absolute

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
            link = f'<{absolute("/wp-json/")}>; rel="{API_REL}"'
            existing = response.get("Link")
            response["Link"] = f"{existing}, {link}" if existing else link
        return response
