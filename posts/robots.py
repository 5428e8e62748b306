from django.http import HttpResponse
from django.urls import reverse

from core.site_url import absolute


def robots_txt(request):
    """Crawl everything public; point at the sitemap."""
    sitemap = absolute(reverse("sitemap-index"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /comments/post/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
