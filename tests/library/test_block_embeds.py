"""A block editor's embed (WordPress's `wp:embed` figure) shows the same facade as a link
alone on its line, inside the block's figure, which keeps its caption and aspect classes."""

import json
import re
from dataclasses import replace

import pytest

from library import providers
from tests.conftest import clear_cache, make_post
from tests.library.conftest import VIDEO_URL, picture
from tests.library.test_embed_pages import POST_PAGE_MAX_QUERIES, csp, queries_for, stored_embed
from tests.library.test_embeds import NOCOOKIE, saved

pytestmark = pytest.mark.django_db

VIMEO_URL = "https://vimeo.com/76979871"
VIMEO_PLAYER = "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1&autoplay=1"
CAPTION = '<figcaption class="wp-element-caption">The first video</figcaption>'


def block_embed(url, *, provider="youtube", linked=False, wrapped=None):
    """An embed block as WordPress's editor writes it (the URL as text, or as a link)."""
    inside = wrapped or (f'<a href="{url}">{url}</a>' if linked else url)
    return (
        f'<!-- wp:embed {{"url":"{url}","type":"video","providerNameSlug":"{provider}",'
        '"responsive":true,"className":"wp-embed-aspect-16-9 wp-has-aspect-ratio"} -->\n'
        f'<figure class="wp-block-embed is-type-video is-provider-{provider} '
        f'wp-block-embed-{provider} wp-embed-aspect-16-9 wp-has-aspect-ratio">'
        f'<div class="wp-block-embed__wrapper">\n{inside}\n</div>{CAPTION}</figure>\n'
        "<!-- /wp:embed -->"
    )


@pytest.fixture
def vimeo(youtube, other_blog, monkeypatch):
    """Vimeo as allowlisted too, its oEmbed endpoint on the local server."""
    monkeypatch.setattr(
        providers,
        "BUILT_IN",
        tuple(
            replace(p, endpoint=other_blog.url("/vimeo/oembed")) if p.slug == "vimeo" else p
            for p in providers.BUILT_IN
        ),
    )
    other_blog.page(
        "/vimeo/oembed",
        json.dumps(
            {
                "type": "video",
                "version": "1.0",
                "title": "The Mountain",
                "provider_name": "Vimeo",
                "width": 640,
                "height": 360,
                "thumbnail_url": other_blog.url("/vimeo/thumb.jpg"),
                "html": '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e'
                '&amp;app_id=122963"></iframe>',
            }
        ),
        content_type="application/json",
    )
    other_blog.page("/vimeo/thumb.jpg", picture(), content_type="image/jpeg")
    return other_blog


def wrapper_of(html):
    """The block's figure, from its opening tag to its end."""
    found = re.search(
        r'<figure class="wp-block-embed .*?</figure>\s*</div>.*?</figure>', html, re.S
    )
    assert found, html
    return found[0]


@pytest.mark.parametrize("linked", [False, True], ids=["url-as-text", "url-as-link"])
def test_a_youtube_block_embed_becomes_the_facade_inside_its_figure(youtube, linked):
    figure = wrapper_of(saved(block_embed(VIDEO_URL, linked=linked)).body_html)

    assert figure.startswith(
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube '
        'wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">'
        '<figure class="embed embed-player embed-youtube embed-video"'
    )
    assert f'data-embed-src="{NOCOOKIE}"' in figure
    assert '<span class="embed-title">Never Gonna Give You Up</span>' in figure
    assert figure.endswith(f"</figure></div>{CAPTION}</figure>")
    assert "<iframe" not in figure and "<!-- wp:" not in figure
    assert youtube.asked == 1


def test_a_vimeo_block_embed_becomes_the_facade(vimeo):
    html = saved(block_embed(VIMEO_URL, provider="vimeo")).body_html

    assert f'data-embed-src="{VIMEO_PLAYER.replace("&", "&amp;")}"' in html
    assert '<span class="embed-title">The Mountain</span>' in html
    assert CAPTION in html
    assert len(vimeo.requests_to("/vimeo/oembed")) == 1


def test_a_block_embed_of_a_provider_not_allowed_stays_a_link_and_is_not_fetched(
    youtube, other_blog
):
    url = other_blog.url("/some/video")
    post = saved(block_embed(url, provider="other"))

    assert f'<div class="wp-block-embed__wrapper"><a href="{url}">{url}</a></div>' in post.body_html
    assert CAPTION in post.body_html and "embed-facade" not in post.body_html
    assert other_blog.requests == []
    linked = saved(block_embed(url, provider="other", linked=True))
    assert re.search(r'<div class="wp-block-embed__wrapper">\s*<a href="', linked.body_html)
    assert other_blog.requests == []


def test_the_page_of_a_block_embed_may_frame_its_player_only(youtube, other_blog, client):
    with_player = make_post(body=block_embed(VIDEO_URL))
    unknown = make_post(body=block_embed(other_blog.url("/some/video"), provider="other"))

    assert csp(client.get(with_player.get_absolute_url()))["frame-src"] == (
        "https://www.youtube-nocookie.com"
    )
    assert "frame-src" not in csp(client.get(unknown.get_absolute_url()))


@pytest.mark.parametrize(
    "wrapped",
    [
        pytest.param("javascript:alert(1)", id="javascript-text"),
        pytest.param(f'<a href="javascript:alert(1)">{VIDEO_URL}</a>', id="javascript-link"),
        pytest.param(f'{VIDEO_URL}<img src="x" onerror="alert(1)">', id="extra-markup"),
        pytest.param(f"{VIDEO_URL} <strong>and more</strong>", id="url-and-text"),
        pytest.param(f'<a href="{VIDEO_URL}">Watch</a> {VIDEO_URL}', id="text-and-link"),
    ],
)
def test_a_hostile_or_mixed_wrapper_is_left_safe_and_not_embedded(youtube, client, wrapped):
    post = saved(block_embed(VIDEO_URL, wrapped=wrapped))
    response = client.get(post.get_absolute_url())

    for bad in ('href="javascript', "onerror", "<script", "embed-facade", "data-embed-src"):
        assert bad not in post.body_html
    assert CAPTION in post.body_html
    assert "frame-src" not in csp(response)
    assert youtube.asked == 0


def test_a_script_in_the_wrapper_is_removed_before_the_url_left_alone_is_embedded(youtube):
    html = saved(block_embed(VIDEO_URL, wrapped=f"{VIDEO_URL}<script>alert(1)</script>")).body_html
    assert "<script" not in html and "alert(1)" not in html
    assert f'data-embed-src="{NOCOOKIE}"' in html


def post_with_block_embeds(count):
    urls = [stored_embed(n).url for n in range(count)]
    return make_post(body="<p>Intro.</p>" + "".join(block_embed(url) for url in urls))


def test_a_post_page_costs_the_same_queries_with_no_block_embed_or_ten(
    client, django_assert_max_num_queries
):
    plain, _ = queries_for(client, post_with_block_embeds(0).get_absolute_url())
    url = post_with_block_embeds(10).get_absolute_url()
    many, response = queries_for(client, url)

    assert response.content.count(b'class="embed-facade"') == 10
    assert many == plain
    clear_cache()
    with django_assert_max_num_queries(POST_PAGE_MAX_QUERIES):
        client.get(url)
