"""What search engines and link previews read in each page's head."""

import json
import re

import pytest

from core.site_url import absolute
from posts.models import Post
from tests.conftest import make_category, make_post

pytestmark = pytest.mark.django_db


def ld_blocks(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_a_post_page_has_title_description_canonical_and_open_graph(client):
    post = make_post("Readable title", excerpt="A short summary for previews.")
    html = client.get(post.get_absolute_url()).text
    assert "<title>Readable title – " in html
    assert '<meta name="description" content="A short summary for previews.">' in html
    assert f'<link rel="canonical" href="{absolute(post.get_absolute_url())}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Readable title">' in html
    assert f'<meta property="og:url" content="{absolute(post.get_absolute_url())}">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_a_post_page_has_blog_posting_and_breadcrumb_json_ld_matching_the_page(client):
    parent = make_category("Outer")
    child = make_category("Inner", parent=parent)
    post = make_post("Structured", categories=[child])
    blocks = ld_blocks(client.get(post.get_absolute_url()).text)
    posting = next(b for b in blocks if b["@type"] == "BlogPosting")
    assert posting["headline"] == "Structured"
    assert posting["url"] == absolute(post.get_absolute_url())
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Home",
        "Outer",
        "Inner",
        "Structured",
    ]
    assert [i["position"] for i in crumbs["itemListElement"]] == [1, 2, 3, 4]


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    post = make_post("</script><script>alert(1)</script>")
    html = client.get(post.get_absolute_url()).text
    assert "</script><script>alert(1)" not in html
    assert ld_blocks(html)[0]["headline"] == "</script><script>alert(1)</script>"


def test_a_protected_post_gives_no_excerpt_to_previews(client):
    post = make_post("Locked", password="pw", excerpt="Secret summary")
    html = client.get(post.get_absolute_url()).text
    assert "Secret summary" not in html


def test_page_one_is_canonical_without_a_page_number(client):
    for n in range(12):
        make_post(f"Post {n}")
    assert f'<link rel="canonical" href="{absolute("/")}">' in client.get("/").text
    assert f'<link rel="canonical" href="{absolute("/page/2/")}">' in client.get("/page/2/").text


def test_staff_previews_of_drafts_are_noindex(admin_client):
    draft = make_post("Draft", status=Post.Status.DRAFT)
    assert '<meta name="robots" content="noindex' in admin_client.get(draft.get_absolute_url()).text


def test_list_pages_have_website_open_graph(client):
    make_post()
    html = client.get("/").text
    assert '<meta property="og:type" content="website">' in html
    assert f'<meta property="og:url" content="{absolute("/")}">' in html
