"""What a post page tells other blogs, and the pings it lists."""

import re
import xml.etree.ElementTree as ET
import xmlrpc.client
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings

from comments.models import Comment
from tests.comments.helpers import make_comment, page_of
from tests.conftest import make_post
from tests.other_blog import fresh_ip, our_url

pytestmark = pytest.mark.django_db

RDF = re.compile(r"<!--\s*(<rdf:RDF.*?</rdf:RDF>)\s*-->", re.DOTALL)
XMLRPC_URL = settings.SITE_URL.rstrip("/") + "/xmlrpc.php"


def rdf_of(response):
    """The TrackBack RDF block of a page, parsed, or None."""
    found = RDF.search(response.text)
    if found is None:
        return None
    description = ET.fromstring(found.group(1))[0]
    return {name.split("}")[1]: value for name, value in description.attrib.items()}


def test_a_post_page_names_the_pingback_server_in_an_x_pingback_header(client):
    response = client.get(make_post().get_absolute_url())

    assert response["X-Pingback"] == XMLRPC_URL


def test_a_head_request_gets_the_x_pingback_header_too(client):
    response = client.head(make_post().get_absolute_url())

    assert response["X-Pingback"] == XMLRPC_URL


def test_the_header_survives_the_page_cache(client):
    post = make_post()
    client.get(post.get_absolute_url())

    assert client.get(post.get_absolute_url())["X-Pingback"] == XMLRPC_URL


def test_a_post_page_has_a_pingback_link_in_its_head(client):
    page = page_of(client.get(make_post().get_absolute_url()))

    links = [
        link for link in page.find("head").find_all("link") if link.attrs.get("rel") == "pingback"
    ]
    assert [link.attrs["href"] for link in links] == [XMLRPC_URL]


def test_a_post_page_carries_the_trackback_rdf_inside_an_html_comment(client):
    post = make_post("Tea & biscuits -- a review")

    rdf = rdf_of(client.get(post.get_absolute_url()))

    assert rdf == {
        "about": our_url(post),
        "identifier": our_url(post),
        "title": "Tea & biscuits -- a review",
        "ping": our_url(post) + "trackback/",
    }
    assert "--" not in RDF.search(client.get(post.get_absolute_url()).text).group(1)


def test_a_post_with_pings_closed_announces_none_of_it(client):
    response = client.get(make_post(pings_open=False).get_absolute_url())

    assert "X-Pingback" not in response
    assert 'rel="pingback"' not in response.text
    assert rdf_of(response) is None


def test_other_pages_announce_no_pingback_server(client):
    make_post()

    assert "X-Pingback" not in client.get("/")


def test_approved_pings_are_listed_under_trackbacks_and_pingbacks(client):
    post = make_post()
    make_comment(
        post,
        kind=Comment.Kind.TRACKBACK,
        author_name="Trackback Blog",
        author_url="https://tb.example/post/",
        body="<p><strong>Their title</strong></p><p>Their words</p>",
    )
    make_comment(
        post,
        kind=Comment.Kind.PINGBACK,
        author_name="Pingback Page",
        author_url="https://pb.example/post/",
        body="<p>[…] linking words […]</p>",
    )
    make_comment(
        post,
        kind=Comment.Kind.PINGBACK,
        author_name="Held Ping",
        author_url="https://held.example/",
        status=Comment.Status.PENDING,
    )
    make_comment(
        post,
        kind=Comment.Kind.TRACKBACK,
        author_name="Spam Ping",
        author_url="https://spam.example/",
        status=Comment.Status.SPAM,
    )

    page = page_of(client.get(post.get_absolute_url()))

    section = page.by_id("pings")
    assert section.find("h2").text == "Trackbacks and Pingbacks"
    names = [a.text for a in section.find_all("a")]
    assert names == ["Trackback Blog", "Pingback Page"]
    assert "Their words" in section.text and "linking words" in section.text
    assert "No comments yet." in page.by_id("comments").text, "pings are not comments"


def test_a_post_without_pings_says_so(client):
    page = page_of(client.get(make_post().get_absolute_url()))

    assert "No trackbacks yet." in page.by_id("pings").text


def test_a_blog_that_follows_what_the_page_announces_gets_its_pings_in(
    client, other_blog, private_addresses_allowed
):
    """What a WordPress blog does: read X-Pingback, call pingback.ping there; and a person
    pasting the RDF's trackback URL into "Send trackbacks to" makes it POST there."""
    post = make_post("Discoverable")
    page = client.get(post.get_absolute_url())
    server, trackback = page["X-Pingback"], rdf_of(page)["ping"]

    source = other_blog.post_linking_to("/2026/02/01/i-linked/", our_url(post), title="I linked")
    call = xmlrpc.client.dumps((source, our_url(post)), "pingback.ping").encode()
    pinged = client.generic(
        "POST", urlsplit(server).path, call, content_type="text/xml", REMOTE_ADDR=fresh_ip()
    )
    form = urlencode(
        {"url": other_blog.url("/2026/02/02/tb/"), "title": "TB", "blog_name": "Other"}
    ).encode()
    tracked = client.generic(
        "POST",
        urlsplit(trackback).path,
        form,
        content_type="application/x-www-form-urlencoded; charset=utf-8",
        REMOTE_ADDR=fresh_ip(),
    )

    assert "registered" in xmlrpc.client.loads(pinged.content)[0][0]
    assert ET.fromstring(tracked.content).findtext("error") == "0"
    assert sorted(Comment.objects.values_list("kind", "author_name")) == [
        ("pingback", "I linked"),
        ("trackback", "Other"),
    ]
