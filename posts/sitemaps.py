"""Sitemaps for search engines: posts, pages, categories, tags and the home page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from core import site_url

from .models import Category, Page, Post, Tag


class SiteSitemap(Sitemap):
    """Locations on SITE_URL, whatever host or scheme the request came with."""

    @property
    def protocol(self):
        return site_url.scheme()

    def get_domain(self, site=None):
        return site_url.host()


class PostSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            Post.objects.published().only("kind", "slug", "published_at", "updated").order_by("-pk")
        )

    def lastmod(self, post):
        return max(post.updated, post.published_at)


class PageSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Page.objects.published().only("kind", "path", "updated").order_by("path")

    def lastmod(self, page):
        return page.updated


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.with_post_counts().filter(post_count__gt=0).order_by("path")


class TagSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        published = Post.objects.published().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(published)).order_by("slug")


class HomeSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["posts:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        latest = Post.objects.published().order_by("-updated").values_list("updated", flat=True)
        return latest.first()


SITEMAPS = {
    "home": HomeSitemap,
    "posts": PostSitemap,
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
