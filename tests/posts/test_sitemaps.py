"""Sitemaps and robots.txt: what search engines are told to crawl."""

import pytest
from django.utils import timezone
from lxml import etree

from core.site_url import absolute
from posts.models import Post
from tests.conftest import make_category, make_post, make_tag

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = etree.fromstring(response.content, etree.XMLParser(recover=False))
    return [loc.text for loc in root.iter(f"{NS}loc")]


def test_the_index_lists_posts_categories_tags_and_home(client):
    make_post()
    sections = locations(client, "/sitemap.xml")
    for name in ["home", "posts", "categories", "tags"]:
        assert any(loc.endswith(f"/sitemap-{name}.xml") for loc in sections), name


def test_published_posts_are_listed_with_lastmod(client):
    post = make_post("In the sitemap")
    response = client.get("/sitemap-posts.xml")
    root = etree.fromstring(response.content)
    url = next(
        u for u in root.iter(f"{NS}url") if u.findtext(f"{NS}loc").endswith(post.get_absolute_url())
    )
    assert url.findtext(f"{NS}lastmod") == timezone.localdate(post.updated).isoformat()


def test_drafts_private_pending_and_scheduled_posts_never_appear(client):
    hidden = [
        make_post("Draft", status=Post.Status.DRAFT),
        make_post("Private", status=Post.Status.PRIVATE),
        make_post("Pending", status=Post.Status.PENDING),
        make_post("Scheduled", published_at=timezone.now() + timezone.timedelta(days=2)),
    ]
    listed = "\n".join(locations(client, "/sitemap-posts.xml"))
    for post in hidden:
        assert post.get_absolute_url() not in listed, post.title


def test_categories_and_tags_with_published_posts_are_listed(client):
    parent = make_category("Outer")
    child = make_category("Inner", parent=parent)
    empty = make_category("Empty")
    tag, unused = make_tag("used"), make_tag("unused")
    make_post(categories=[child], tags=[tag])
    categories = "\n".join(locations(client, "/sitemap-categories.xml"))
    assert "/category/outer/inner/" in categories
    assert f"/category/{empty.path}/" not in categories
    tags = "\n".join(locations(client, "/sitemap-tags.xml"))
    assert "/tag/used/" in tags and f"/tag/{unused.slug}/" not in tags


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {absolute('/sitemap.xml')}" in response.text
    assert "Disallow: /admin/" in response.text
