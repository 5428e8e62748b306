"""Feeds that feed readers and validators accept: strict XML, required elements, stable GUIDs."""

import re
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from comments.models import Comment
from posts.models import Post
from tests.conftest import make_category, make_post, make_tag

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def blog(author):
    parent = make_category("Science")
    child = make_category("Physics", parent=parent)
    tag = make_tag("quarks")
    post = make_post(
        "Quarks & <Leptons>",
        author=author,
        categories=[child],
        tags=[tag],
        body='<p>See <a href="/about/">about</a> and <img src="/media/q.png" alt="q"></p>',
    )
    Comment.objects.create(
        post=post,
        author_name="Reader",
        author_email="reader@example.com",
        body="<p>Approved words</p>",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(
        post=post,
        author_name="Spammer",
        author_email="spam@example.com",
        body="<p>Held words</p>",
        status=Comment.Status.PENDING,
    )
    return {"post": post, "parent": parent, "child": child, "tag": tag}


def strict(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(("application/rss+xml", "application/atom+xml"))
    return etree.fromstring(response.content, etree.XMLParser(recover=False))


def rss_feed_urls(blog):
    post = blog["post"]
    return [
        "/feed/",
        "/comments/feed/",
        f"/category/{blog['parent'].path}/feed/",
        f"/category/{blog['child'].path}/feed/",
        f"/tag/{blog['tag'].slug}/feed/",
        f"/author/{post.author.username}/feed/",
        f"{post.get_absolute_url()}feed/",
    ]


def test_every_rss_feed_is_strict_xml_and_has_what_rss_2_requires(client, blog):
    for url in rss_feed_urls(blog):
        root = strict(client.get(url))
        assert root.tag == "rss" and root.get("version") == "2.0", url
        channel = root.find("channel")
        assert channel.findtext("title"), url
        assert channel.findtext("link").startswith("http"), url
        assert channel.find("description") is not None, url
        items = channel.findall("item")
        assert items, url
        for item in items:
            assert item.findtext("link").startswith("http"), url
            assert item.findtext("guid"), url
            parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822, or it raises
        parsed = feedparser.parse(client.get(url).content)
        assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))


def test_the_atom_feed_has_id_updated_and_author(client, blog):
    root = strict(client.get("/feed/atom/"))
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id")
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id")
    assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Wendy Writer"
    assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert feedparser.parse(client.get("/feed/atom/").content).bozo == 0


def test_items_carry_author_categories_tags_and_full_content_with_absolute_urls(client, blog):
    channel = strict(client.get("/feed/")).find("channel")
    base = channel.findtext("link").rstrip("/")
    item = channel.find("item")
    categories = [c.text for c in item.findall("category")]
    assert "Physics" in categories and "quarks" in categories
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Wendy Writer"
    content = item.findtext(CONTENT)
    assert base.startswith("http")
    assert f'href="{base}/about/"' in content
    assert f'src="{base}/media/q.png"' in content


def test_each_item_names_its_own_categories_then_tags_in_their_order(client, blog):
    make_post(
        "Filed twice",
        categories=[make_category("Zoology"), make_category("Astronomy")],
        tags=[make_tag("zeta"), make_tag("alpha")],
    )
    items = {
        item.findtext("title"): [c.text for c in item.findall("category")]
        for item in strict(client.get("/feed/")).iter("item")
    }
    assert items["Filed twice"] == ["Astronomy", "Zoology", "alpha", "zeta"]
    assert items["Quarks & <Leptons>"] == ["Physics", "quarks"]


def test_hostile_titles_are_escaped(client, blog):
    response = client.get("/feed/")
    assert b"Quarks &amp; &lt;Leptons&gt;" in response.content
    assert strict(response).find("channel/item").findtext("title") == "Quarks & <Leptons>"


def test_the_guid_never_changes_when_a_post_is_edited(client, blog):
    guid = strict(client.get("/feed/")).find("channel/item").findtext("guid")
    post = blog["post"]
    post.title = "Renamed"
    post.slug = "renamed"
    post.save()
    assert strict(client.get("/feed/")).find("channel/item").findtext("guid") == guid


def test_the_full_content_can_be_turned_off(client, blog, settings):
    settings.FEED_FULL_CONTENT = False
    assert strict(client.get("/feed/")).find(f"channel/item/{CONTENT}") is None


def test_category_feeds_include_descendants_and_nothing_else(client, blog):
    make_post("Elsewhere", categories=[make_category("Art")])
    titles = [
        i.findtext("title")
        for i in strict(client.get(f"/category/{blog['parent'].path}/feed/")).iter("item")
    ]
    assert titles == ["Quarks & <Leptons>"]


def test_drafts_scheduled_and_protected_posts_never_leak(client, blog):
    make_post("Draft secret", status=Post.Status.DRAFT, body="<p>draft body</p>")
    make_post("Future secret", published_at=timezone.now() + timezone.timedelta(days=1))
    make_post("Locked", password="pw", body="<p>locked body text</p>")
    feed = client.get("/feed/").content.decode()
    assert "Draft secret" not in feed and "Future secret" not in feed
    assert "locked body text" not in feed
    assert "There is no excerpt because this is a protected post." in feed


def test_comment_feeds_carry_approved_comments_only(client, blog):
    for url in ["/comments/feed/", f"{blog['post'].get_absolute_url()}feed/"]:
        text = client.get(url).content.decode()
        assert "Approved words" in text
        assert "Held words" not in text
        assert "reader@example.com" not in text


def test_unknown_feeds_are_404(client, blog):
    for url in ["/category/nope/feed/", "/tag/nope/feed/", "/author/nobody/feed/"]:
        assert client.get(url).status_code == 404


def test_feeds_run_a_fixed_number_of_queries(client, blog, django_assert_max_num_queries):
    for n in range(15):
        make_post(f"More {n}", categories=[blog["child"]], tags=[blog["tag"]])
    client.get("/feed/")
    with django_assert_max_num_queries(6):
        client.get("/feed/?fresh=1")


def test_feeds_answer_a_conditional_get_with_304(client, blog):
    first = client.get("/feed/")
    again = client.get("/feed/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_every_page_announces_its_feeds(client, blog):
    html = client.get("/").text
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feed/"' in html
    assert 'href="/comments/feed/"' in html
