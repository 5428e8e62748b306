from django.http import HttpResponse
from django.urls import reverse


def robots_txt(request):
    """Crawl everything public; point at the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
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
