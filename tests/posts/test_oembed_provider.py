"""The blog as an oEmbed provider: a card for each published post, in JSON or XML."""

import io
import json
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.site_url import absolute
from posts.models import Post
from tests.conftest import make_post, make_user
from tests.library.helpers import make_item

pytestmark = pytest.mark.django_db


def oembed(client, url, **params):
    return client.get("/oembed/", {"url": url, **params})


def permalink(post):
    return absolute(post.get_absolute_url())


@pytest.fixture
def post():
    author = make_user("ada", first_name="Ada", last_name="Lovelace")
    return make_post(
        "Notes on the engine",
        author=author,
        body="<p>The engine weaves algebraic patterns.</p>",
        excerpt="The engine weaves <patterns>.",
    )


def test_a_published_post_is_answered_as_a_rich_card(client, post, settings):
    response = oembed(client, permalink(post))
    answer = response.json()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert answer | {"html": None} == answer | {
        "version": "1.0",
        "type": "rich",
        "title": "Notes on the engine",
        "author_name": "Ada Lovelace",
        "author_url": absolute("/author/ada/"),
        "provider_name": settings.BLOG_TITLE,
        "provider_url": absolute("/"),
        "width": 600,
        "height": 338,
        "html": None,
    }
    assert "thumbnail_url" not in answer


def test_the_card_is_a_blockquote_linking_back_with_the_excerpt_escaped(client, post):
    html = oembed(client, permalink(post)).json()["html"]
    assert html.startswith('<blockquote class="blogsite-embed">')
    assert f'<a href="{permalink(post)}"><strong>Notes on the engine</strong></a>' in html
    assert "The engine weaves &lt;patterns&gt;." in html
    assert "<script" not in html and "<iframe" not in html


def test_xml_carries_the_same_answer(client, post):
    response = oembed(client, permalink(post), format="xml")
    root = ElementTree.fromstring(response.content)
    json_answer = oembed(client, permalink(post)).json()

    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert root.tag == "oembed"
    assert {child.tag: child.text for child in root} == {
        name: str(value) for name, value in json_answer.items()
    }


def test_another_format_is_not_implemented(client, post):
    response = oembed(client, permalink(post), format="yaml")
    assert response.status_code == 501


@pytest.mark.parametrize(
    "status", [Post.Status.DRAFT, Post.Status.PENDING, Post.Status.PRIVATE], ids=str
)
def test_a_post_the_public_cannot_see_is_not_found(client, status):
    post = make_post(status=status)
    assert oembed(client, permalink(post)).status_code == 404


def test_a_scheduled_post_is_not_found(client):
    from django.utils import timezone

    post = make_post(published_at=timezone.now() + timezone.timedelta(days=1))
    assert oembed(client, permalink(post)).status_code == 404


def test_a_password_protected_post_is_not_found(client):
    assert oembed(client, permalink(make_post(password="secret"))).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        absolute("/2020/01/01/no-such-post/"),
        absolute("/category/uncategorized/"),
        "https://elsewhere.example/2020/01/01/post/",
        "javascript:alert(1)",
    ],
)
def test_an_address_that_is_no_post_here_is_not_found(client, post, url):
    assert oembed(client, url).status_code == 404


def test_another_sites_copy_of_the_path_is_not_found(client, post):
    assert oembed(client, f"https://elsewhere.example{post.get_absolute_url()}").status_code == 404


def test_maxwidth_and_maxheight_bound_the_card(client, post):
    answer = oembed(client, permalink(post), maxwidth="320", maxheight="120").json()
    assert (answer["width"], answer["height"]) == (320, 120)
    larger = oembed(client, permalink(post), maxwidth="2000").json()
    assert larger["width"] == 600


@pytest.mark.parametrize("value", ["-5", "wide", "0", "1.5"])
def test_a_size_that_is_no_number_is_a_bad_request(client, post, value):
    response = oembed(client, permalink(post), maxwidth=value)
    assert response.status_code == 400
    assert b"maxwidth" in response.content


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("cover.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_featured_image_is_the_thumbnail_that_fits_maxwidth(client):
    post = make_post(featured_image=make_item(upload=jpeg(1600, 900)))
    widths = [r["width"] for r in Post.objects.get(pk=post.pk).featured_image.renditions]
    assert widths == [480, 800, 1200, 1600]

    full = oembed(client, permalink(post), maxwidth="900", maxheight="2000").json()
    assert (full["thumbnail_width"], full["thumbnail_height"]) == (800, 450)
    assert full["thumbnail_url"].startswith(absolute("/media/library/"))
    small = oembed(client, permalink(post), maxwidth="300").json()
    assert "thumbnail_url" not in small


def test_the_post_page_advertises_its_oembed_answers(client, post):
    response = client.get(post.get_absolute_url())
    content = response.content.decode()
    for kind, output in (("application/json+oembed", "json"), ("text/xml+oembed", "xml")):
        link = (
            f'<link rel="alternate" type="{kind}" href="{absolute("/oembed/")}?url='
            f"{absolute(post.get_absolute_url()).replace(':', '%3A').replace('/', '%2F')}"
            f'&amp;format={output}" title="Notes on the engine">'
        )
        assert link in content


def test_the_advertised_link_answers(client, post):
    content = client.get(post.get_absolute_url()).content.decode()
    start = content.index('type="application/json+oembed" href="') + 37
    href = content[start : content.index('"', start)].replace("&amp;", "&")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}/" == absolute("/")
    response = client.get(f"{parts.path}?{parts.query}")
    assert json.loads(response.content)["title"] == "Notes on the engine"


def test_a_protected_post_page_advertises_nothing(client):
    content = client.get(make_post(password="secret").get_absolute_url()).content
    assert b"+oembed" not in content


def test_answers_are_not_kept_in_the_page_cache(client, post):
    first = oembed(client, permalink(post))
    assert "X-Page-Cache" not in first
    post.title = "Renamed"
    post.save()
    assert oembed(client, permalink(post)).json()["title"] == "Renamed"
