"""Share links under each post: plain links, encoded, no request to any network until a click."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from posts.models import Post
from tests.conftest import make_post

pytestmark = pytest.mark.django_db


def share_section(html):
    return html.split('<section class="share"', 1)[1].split("</section>", 1)[0]


def share_hrefs(html):
    return {
        network: unescape(href)
        for network, href in re.findall(r'class="share-(\w+)" href="([^"]+)"', share_section(html))
    }


@pytest.fixture
def post(settings):
    settings.SITE_URL = "https://blog.example.com"
    return make_post("Fish & chips? 100% yes")


def test_each_post_has_share_links_for_every_network(client, post):
    hrefs = share_hrefs(client.get(post.get_absolute_url()).text)

    assert sorted(hrefs) == ["bluesky", "email", "facebook", "linkedin", "mastodon", "x"]


def test_the_share_links_carry_the_posts_address_and_title_encoded(client, post):
    url = f"https://blog.example.com{post.get_absolute_url()}"

    hrefs = share_hrefs(client.get(post.get_absolute_url()).text)

    def query(network):
        return parse_qs(urlsplit(hrefs[network]).query)

    assert hrefs["bluesky"].startswith("https://bsky.app/intent/compose?")
    assert query("bluesky")["text"] == [f"{post.title} {url}"]
    assert query("linkedin")["url"] == [url]
    assert query("facebook")["u"] == [url]
    assert query("x") == {"text": [post.title], "url": [url]}
    assert hrefs["email"].startswith("mailto:?")
    assert query("email") == {"subject": [post.title], "body": [url]}
    assert "Fish%20%26%20chips%3F%20100%25%20yes" in hrefs["bluesky"]


def test_the_page_loads_no_third_party_script_style_or_frame(client, post):
    html = client.get(post.get_absolute_url()).text

    for tag, attribute in [("script", "src"), ("link", "href"), ("iframe", "src"), ("img", "src")]:
        for address in re.findall(rf"<{tag}\b[^>]*\s{attribute}=\"([^\"]+)\"", html):
            assert not address.startswith(("http", "//")) or address.startswith(
                "https://blog.example.com"
            ), address


def test_the_only_share_script_is_the_vendored_one_and_its_buttons_wait_for_it(client, post):
    section = share_section(client.get(post.get_absolute_url()).text)

    assert re.findall(r'<script src="([^"]+)"', section) == ["/static/js/share.js"]
    assert re.search(r"<button[^>]*data-copy-link=[^>]*hidden", section)
    assert re.search(r"<button[^>]*data-web-share=[^>]*hidden", section)


def test_the_mastodon_link_asks_for_the_readers_instance_on_this_site(client, post):
    href = share_hrefs(client.get(post.get_absolute_url()).text)["mastodon"]

    page = client.get(href)

    assert href.startswith("/share/mastodon/")
    assert page.status_code == 200
    assert 'name="instance"' in page.text and "csrfmiddlewaretoken" in page.text


@pytest.mark.parametrize(
    "typed, host",
    [
        ("mastodon.social", "mastodon.social"),
        ("https://Hachyderm.io/", "hachyderm.io"),
        ("@me@fosstodon.org", "fosstodon.org"),
        ("me@social.example:8443", "social.example:8443"),
    ],
)
def test_sending_the_instance_goes_to_its_share_page(client, post, typed, host):
    response = client.post(f"/share/mastodon/{post.pk}/", {"instance": typed})

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == ("https", host, "/share")
    assert parse_qs(target.query)["text"] == [
        f"{post.title} https://blog.example.com{post.get_absolute_url()}"
    ]


@pytest.mark.parametrize(
    "typed", ["", "not a host", "javascript:alert(1)", "evil.example/phish", "localhost"]
)
def test_a_bad_instance_is_refused_with_a_message(client, post, typed):
    response = client.post(f"/share/mastodon/{post.pk}/", {"instance": typed})

    assert response.status_code == 400
    assert "Mastodon instance" in response.text or "not the address of a server" in response.text


def test_the_mastodon_form_refuses_a_post_without_this_sites_csrf_token():
    """No page elsewhere can bounce a reader through it to a server of its choosing."""
    post = make_post()

    response = Client(enforce_csrf_checks=True).post(
        f"/share/mastodon/{post.pk}/", {"instance": "mastodon.social"}
    )

    assert response.status_code == 403


def test_the_mastodon_page_of_a_draft_is_not_found(client):
    draft = make_post(status=Post.Status.DRAFT)

    assert client.get(f"/share/mastodon/{draft.pk}/").status_code == 404
