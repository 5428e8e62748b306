"""The blog as an oEmbed provider: other sites (WordPress among them) embed a post as a card.

`/oembed/?url=<permalink>&format=json|xml` answers for published posts without a
password: a `rich` answer whose HTML is a blockquote with a link back (no
script, no frame), plus the featured image as its thumbnail. Post pages
advertise it with discovery links (`oembed_discovery_links`).
"""

from urllib.parse import urlencode, urlsplit
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.views import View

from core.params import positive_int
from core.site_url import absolute, site_url

from .models import Post

FORMATS = {"json": "application/json", "xml": "text/xml"}
DEFAULT_WIDTH, DEFAULT_HEIGHT = 600, 338


def post_at(url):
    """The published, unprotected post whose permalink on this site is `url`, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (
        parts.scheme not in ("http", "https")
        or parts.netloc.lower() != urlsplit(site_url()).netloc.lower()
    ):
        return None
    try:
        match = resolve(parts.path or "/")
    except Resolver404:
        return None
    if match.view_name != "posts:detail":
        return None
    return (
        Post.objects.published()
        .filter(password="")
        .select_related("author")
        .at_permalink(**match.kwargs)
        .first()
    )


def card(post, maxwidth=None, maxheight=None):
    """The oEmbed answer for `post`, within maxwidth × maxheight where they are given."""
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    height = min(DEFAULT_HEIGHT, maxheight or DEFAULT_HEIGHT)
    permalink = absolute(post.get_absolute_url())
    author = post.author.get_full_name() or post.author.get_username()
    answer = {
        "version": "1.0",
        "type": "rich",
        "provider_name": settings.BLOG_TITLE,
        "provider_url": absolute("/"),
        "title": post.title,
        "author_name": author,
        "author_url": absolute(
            reverse("posts:author", kwargs={"username": post.author.get_username()})
        ),
        "width": width,
        "height": height,
        "html": format_html(
            '<blockquote class="blogsite-embed"><p><a href="{}"><strong>{}</strong></a></p>'
            '<p>{}</p><p>— {}, <a href="{}">{}</a></p></blockquote>',
            permalink,
            post.title,
            post.excerpt,
            author,
            absolute("/"),
            settings.BLOG_TITLE,
        ),
    }
    thumbnail = _thumbnail(post, maxwidth, maxheight)
    if thumbnail:
        answer.update(
            thumbnail_url=absolute(thumbnail["url"]),
            thumbnail_width=thumbnail["width"],
            thumbnail_height=thumbnail["height"],
        )
    return answer


def _thumbnail(post, maxwidth, maxheight):
    """The largest rendition of the featured image within the consumer's bounds, if any is."""
    fitting = [
        rendition
        for rendition in (post.featured_image.renditions if post.featured_image else [])
        if rendition["width"] <= (maxwidth or rendition["width"])
        and rendition["height"] <= (maxheight or rendition["height"])
    ]
    return max(fitting, key=lambda rendition: rendition["width"], default=None)


def as_xml(answer):
    fields = "".join(f"<{name}>{xml_escape(str(value))}</{name}>" for name, value in answer.items())
    return f'<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<oembed>{fields}</oembed>\n'


class OEmbedView(View):
    http_method_names = ["get", "head"]

    def get(self, request):
        output = request.GET.get("format", "json")
        if output not in FORMATS:
            return HttpResponse(
                "Only format=json and format=xml are served.",
                status=501,
                content_type="text/plain; charset=utf-8",
            )
        sizes = {}
        for name in ("maxwidth", "maxheight"):
            value = request.GET.get(name)
            if value is not None:
                sizes[name] = positive_int(value)
                if sizes[name] is None:
                    return HttpResponseBadRequest(
                        f"{name} must be a whole number of pixels.",
                        content_type="text/plain; charset=utf-8",
                    )
        post = post_at(request.GET.get("url", ""))
        if post is None:
            return HttpResponse(
                "No published post at this URL.",
                status=404,
                content_type="text/plain; charset=utf-8",
            )
        answer = card(post, sizes.get("maxwidth"), sizes.get("maxheight"))
        if output == "xml":
            return HttpResponse(as_xml(answer), content_type="text/xml; charset=utf-8")
        return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})


def discovery_links(post):
    """(type, href) of the oEmbed discovery links for a post page."""
    permalink = absolute(post.get_absolute_url())
    endpoint = absolute(reverse("posts:oembed"))
    return [
        (f"{kind}+oembed", f"{endpoint}?{urlencode({'url': permalink, 'format': output})}")
        for output, kind in (("json", "application/json"), ("xml", "text/xml"))
    ]
