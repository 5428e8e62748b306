"""Post pages with embeds: the players' hosts, and only theirs, may be framed; the page costs
the same queries with no embed or thirty."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import Embed
from tests.comments.test_queries import POST_PAGE_MAX_QUERIES
from tests.conftest import clear_cache, make_post
from tests.library.conftest import VIDEO_URL

pytestmark = pytest.mark.django_db


def csp(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


def stored_embed(n, **fields):
    """An embed as a provider's answer left it, without asking anyone."""
    return Embed.objects.create(
        url=f"https://www.youtube.com/watch?v=video{n:05d}",
        status=Embed.Status.PLAYER,
        provider="youtube",
        provider_name="YouTube",
        title=f"Video {n}",
        player=f"https://www.youtube-nocookie.com/embed/video{n:05d}?autoplay=1",
        width=640,
        height=360,
        **fields,
    )


def post_with_embeds(count):
    urls = [stored_embed(n).url for n in range(count)]
    return make_post(body="<p>Intro.</p>" + "".join(f"<p>{url}</p>" for url in urls))


def test_a_page_with_an_embed_may_frame_its_player_and_nothing_else(youtube, client):
    post = make_post(body=f"<p>{VIDEO_URL}</p>")
    policy = csp(client.get(post.get_absolute_url()))
    assert policy["frame-src"] == "https://www.youtube-nocookie.com"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["script-src"].startswith("'self'")


def test_a_page_without_embeds_frames_nothing(client):
    response = client.get(make_post().get_absolute_url())
    assert "frame-src" not in csp(response)
    assert "default-src" in csp(response)


def test_each_provider_on_a_page_is_named_once(client):
    stored_embed(1)
    stored_embed(2)
    Embed.objects.create(
        url="https://vimeo.com/1234",
        status=Embed.Status.PLAYER,
        provider="vimeo",
        provider_name="Vimeo",
        title="A Vimeo",
        player="https://player.vimeo.com/video/1234?dnt=1",
    )
    post = make_post(
        body="".join(f"<p>{e.url}</p>" for e in Embed.objects.order_by("url")),
    )
    sources = csp(client.get(post.get_absolute_url()))["frame-src"].split()
    assert sorted(sources) == ["https://player.vimeo.com", "https://www.youtube-nocookie.com"]


def test_markup_an_author_writes_cannot_open_the_frame_policy(client):
    post = make_post(
        body='<figure class="embed embed-player" data-embed-src="https://evil.example/">'
        '<a class="embed-facade" href="https://evil.example/">x</a></figure>'
    )
    response = client.get(post.get_absolute_url())
    assert "frame-src" not in csp(response)
    assert "data-embed-src" not in post.body_html


def test_the_player_script_and_styles_load_only_on_pages_with_embeds(youtube, client):
    with_embed = client.get(make_post(body=f"<p>{VIDEO_URL}</p>").get_absolute_url())
    without = client.get(make_post().get_absolute_url())
    assert b'src="/static/js/embeds.js" defer' in with_embed.content
    assert b"/static/css/embeds.css" in with_embed.content
    assert b"embeds.js" not in without.content and b"embeds.css" not in without.content


def test_a_password_protected_page_shows_no_embed_and_frames_nothing(youtube, client):
    post = make_post(body=f"<p>{VIDEO_URL}</p>", password="secret")
    response = client.get(post.get_absolute_url())
    assert "frame-src" not in csp(response)
    assert b"embed-facade" not in response.content


def test_the_page_never_asks_the_provider(youtube, client):
    post = make_post(body=f"<p>{VIDEO_URL}</p>")
    asked = youtube.asked
    clear_cache()
    client.get(post.get_absolute_url())
    assert youtube.asked == asked == 1


def test_a_cached_page_keeps_its_frame_policy(youtube, client):
    post = make_post(body=f"<p>{VIDEO_URL}</p>")
    client.get(post.get_absolute_url())
    again = client.get(post.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert csp(again)["frame-src"] == "https://www.youtube-nocookie.com"


def queries_for(client, url):
    client.get(url)
    clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_a_post_page_costs_the_same_queries_with_no_embed_or_thirty(client):
    plain, _ = queries_for(client, make_post(body="<p>Intro.</p>").get_absolute_url())
    many, response = queries_for(client, post_with_embeds(30).get_absolute_url())

    assert response.content.count(b'class="embed-facade"') == 30
    assert many == plain


def test_a_post_page_with_thirty_embeds_stays_within_its_query_budget(
    client, django_assert_max_num_queries
):
    url = post_with_embeds(30).get_absolute_url()
    client.get(url)
    clear_cache()
    with django_assert_max_num_queries(POST_PAGE_MAX_QUERIES):
        client.get(url)
