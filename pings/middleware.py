from posts.models import Post

from . import incoming, pingback, webmention


class PingbackHeaderMiddleware:
    """`X-Pingback: <server>` and `Link: <endpoint>; rel="webmention"` on the page of a post
    (or page) that takes pings, as WordPress sends them and the Webmention spec asks.

    The post page is the posts app's; this adds to it through the response's
    template context, so the posts app needs to know nothing of pings.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        post = (response.context_data or {}).get("post")
        if isinstance(post, Post) and incoming.accepts_pings(post):
            response["X-Pingback"] = pingback.server_url()
            link = f'<{webmention.endpoint_url()}>; rel="webmention"'
            response["Link"] = f"{response['Link']}, {link}" if "Link" in response else link
        return response
