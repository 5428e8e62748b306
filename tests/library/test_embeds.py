"""A link alone on its line becomes an embed: asked about once, on save, shown privacy-first."""

import json
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from library.models import Embed
from posts.models import Post
from tests.conftest import make_post
from tests.library.conftest import VIDEO_ID, VIDEO_URL, picture, youtube_answer

pytestmark = pytest.mark.django_db

NOCOOKIE = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1"


def body_alone(url, *, linked=False):
    line = f'<a href="{url}">{url}</a>' if linked else url
    return f"<p>Watch this:</p><p>{line}</p><p>Good, isn't it?</p>"


def saved(body):
    return Post.objects.get(pk=make_post(body=body).pk)


def test_an_allowlisted_link_alone_on_its_line_becomes_a_facade(youtube):
    html = saved(body_alone(VIDEO_URL)).body_html

    assert f'data-embed-src="{NOCOOKIE}"' in html
    assert '<span class="embed-title">Never Gonna Give You Up</span>' in html
    assert '<span class="embed-provider">YouTube</span>' in html
    assert f'<a class="embed-facade" href="{VIDEO_URL}">' in html
    assert "<p>Watch this:</p>" in html and "<p>Good, isn't it?</p>" in html


def test_the_facade_contacts_no_third_party(youtube):
    html = saved(body_alone(VIDEO_URL)).body_html

    loaded = re.findall(r'\s(?:src|srcset|poster)="([^"]+)"', html)
    assert loaded and all(url.startswith("/media/embeds/") for url in loaded)
    assert "<iframe" not in html and "<script" not in html


def test_a_link_the_editor_made_of_the_url_is_embedded_too(youtube):
    html = saved(body_alone(VIDEO_URL, linked=True)).body_html
    assert f'data-embed-src="{NOCOOKIE}"' in html


def test_short_youtube_links_are_embedded(youtube):
    html = saved(f"<p>https://youtu.be/{VIDEO_ID}</p>").body_html
    assert f'data-embed-src="{NOCOOKIE}"' in html


def test_a_link_inside_a_sentence_stays_text(youtube):
    html = saved(f"<p>See {VIDEO_URL} for the video.</p>").body_html
    assert "embed" not in html
    assert youtube.asked == 0


def test_a_link_alone_from_a_provider_not_allowed_stays_a_link(youtube, other_blog):
    url = other_blog.url("/some/video")
    html = saved(body_alone(url)).body_html

    assert f'<p><a href="{url}">{url}</a></p>' in html
    assert "embed" not in html
    assert other_blog.requests == []


def test_a_link_the_author_made_that_is_not_embedded_stays_as_written(youtube, other_blog):
    url = other_blog.url("/some/video")
    post = saved(body_alone(url, linked=True))
    assert post.body_html == post.body


def test_a_provider_left_out_of_embed_providers_is_not_asked(youtube, settings):
    settings.EMBED_PROVIDERS = ["vimeo"]
    html = saved(body_alone(VIDEO_URL)).body_html
    assert f'<p><a href="{VIDEO_URL}">' in html
    assert youtube.asked == 0


def test_the_provider_is_asked_once_per_url_however_often_posts_are_saved(youtube):
    post = make_post(body=body_alone(VIDEO_URL))
    post.body += "<p>An edit.</p>"
    post.save()
    make_post(body=body_alone(VIDEO_URL, linked=True))

    assert youtube.asked == 1
    assert Embed.objects.count() == 1
    assert NOCOOKIE in Post.objects.get(pk=post.pk).body_html


def test_the_provider_is_asked_for_json_about_the_url(youtube, other_blog):
    saved(body_alone(VIDEO_URL))
    (request,) = other_blog.requests_to("/oembed")
    assert request["headers"]["Accept"] == "application/json"


def test_the_thumbnail_is_stored_here_as_a_checked_jpeg(youtube):
    html = saved(body_alone(VIDEO_URL)).body_html
    embed = Embed.objects.get()

    assert embed.thumbnail.name.startswith("embeds/")
    assert f'src="{embed.thumbnail.url}"' in html
    with default_storage.open(embed.thumbnail.name) as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (480, 360))
    assert (embed.thumbnail_width, embed.thumbnail_height) == (480, 360)


def test_a_large_thumbnail_is_scaled_down(youtube, other_blog):
    other_blog.page("/vi/hqdefault.jpg", picture(1920, 1080, "PNG"), content_type="image/png")
    saved(body_alone(VIDEO_URL))
    assert (Embed.objects.get().thumbnail_width, Embed.objects.get().thumbnail_height) == (
        960,
        540,
    )


def test_a_thumbnail_that_is_no_image_is_left_out_and_the_video_still_embeds(youtube, other_blog):
    other_blog.page("/vi/hqdefault.jpg", "<html>not a picture</html>", content_type="image/jpeg")
    html = saved(body_alone(VIDEO_URL)).body_html
    embed = Embed.objects.get()

    assert not embed.thumbnail
    assert "not a readable image" in embed.problem
    assert NOCOOKIE in html and "<img" not in html


@pytest.mark.parametrize(
    "answer, options, reason",
    [
        pytest.param("<html><body>Hello</body></html>", {}, "not JSON", id="not-json"),
        pytest.param('["a", "list"]', {}, "not an oEmbed object", id="json-list"),
        pytest.param(json.dumps({"type": "game"}), {}, "not an oEmbed object", id="bad-type"),
        pytest.param("{}", {"status": 500}, "HTTP 500", id="server-error"),
        pytest.param(
            json.dumps({"type": "video", "title": "x", "pad": "x" * 100_000}),
            {},
            "larger than 64 KB",
            id="huge",
        ),
    ],
)
def test_an_unusable_answer_leaves_a_plain_link_and_says_why(youtube, answer, options, reason):
    youtube.answer(answer, **options)
    html = saved(body_alone(VIDEO_URL)).body_html
    embed = Embed.objects.get()

    assert f'<p><a href="{VIDEO_URL}">{VIDEO_URL}</a></p>' in html
    assert "embed-facade" not in html
    assert embed.status == Embed.Status.FAILED
    assert reason in embed.problem


def test_a_huge_answer_is_not_read_to_its_end(youtube, other_blog):
    url, done = other_blog.huge("/oembed", size=50 * 1024 * 1024)
    saved(body_alone(VIDEO_URL))
    done.wait(5)
    assert other_blog.streamed["/oembed"] < 50 * 1024 * 1024
    assert "larger than 64 KB" in Embed.objects.get().problem


def test_a_provider_that_never_answers_is_given_up_on(youtube, other_blog, short_timeout):
    other_blog.hanging("/oembed")
    html = saved(body_alone(VIDEO_URL)).body_html
    assert f'<p><a href="{VIDEO_URL}">' in html
    assert "did not answer in time" in Embed.objects.get().problem


def test_an_answer_carrying_scripts_gives_only_its_player_address(youtube, other_blog):
    youtube.answer(
        youtube_answer(
            other_blog,
            title='<script>alert("title")</script>Evil <b onclick="x()">title</b>',
            html='<script src="https://evil.example/x.js"></script>'
            f'<iframe onload="alert(1)" src="https://www.youtube.com/embed/{VIDEO_ID}"></iframe>'
            '<img src=x onerror="alert(2)">',
        )
    )
    html = saved(body_alone(VIDEO_URL)).body_html

    assert "<script" not in html and "onload" not in html and "onerror" not in html
    assert "evil.example" not in html and "<b" not in html
    assert f'data-embed-src="{NOCOOKIE}"' in html
    assert Embed.objects.get().title == "Evil title"


def test_a_player_on_a_host_that_is_not_the_providers_is_refused(youtube, other_blog):
    youtube.answer(
        youtube_answer(other_blog, html='<iframe src="https://evil.example/embed/x"></iframe>')
    )
    html = saved(body_alone(VIDEO_URL)).body_html
    assert "evil.example" not in html and "embed-facade" not in html
    assert "not on YouTube's own hosts" in Embed.objects.get().problem


def test_a_failed_link_is_not_asked_about_again_on_the_next_save(youtube):
    youtube.answer("not json")
    post = make_post(body=body_alone(VIDEO_URL))
    post.save()
    assert youtube.asked == 1


def test_a_failed_link_is_asked_about_again_after_a_while(youtube):
    youtube.answer("not json")
    post = make_post(body=body_alone(VIDEO_URL))
    Embed.objects.update(fetched_at="2000-01-01T00:00Z")
    youtube.answer(youtube_answer(youtube.server))
    post.save()

    assert youtube.asked == 2
    assert NOCOOKIE in Post.objects.get(pk=post.pk).body_html


def test_a_mastodon_post_embeds_from_its_own_server(other_blog, private_addresses_allowed):
    status = other_blog.url("/@alice/109876543210")
    other_blog.page(
        "/api/oembed",
        json.dumps(
            {
                "type": "rich",
                "version": "1.0",
                "author_name": "Alice",
                "provider_name": "Mastodon",
                "width": 400,
                "height": 300,
                "html": f'<blockquote class="mastodon-embed" data-embed-url="{status}/embed">'
                '<a href="x">Post</a></blockquote><script async src="/embed.js"></script>',
            }
        ),
        content_type="application/json",
    )
    html = saved(f"<p>{status}</p>").body_html

    assert f'data-embed-src="{status}/embed"' in html
    assert "Post by Alice" in html
    assert "<script" not in html


# Discovery: any page advertising oEmbed, when EMBED_DISCOVERY allows it.


def discoverable_page(server, *, player_host=None):
    """A page on the local server advertising its oEmbed answer, whose player is on its host."""
    player = f"{player_host or server.base}/embed/42"
    server.page(
        "/oembed.json",
        json.dumps(
            {
                "type": "rich",
                "version": "1.0",
                "title": "A discovered thing",
                "provider_name": "Other Site",
                "width": 500,
                "height": 280,
                "html": f'<iframe src="{player}"></iframe>',
            }
        ),
        content_type="application/json",
    )
    return server.page(
        "/things/42",
        '<html><head><link rel="alternate" type="application/json+oembed" '
        'href="/oembed.json?url=x"></head><body>A thing</body></html>',
    )


def test_discovery_is_off_by_default(other_blog, private_addresses_allowed):
    url = discoverable_page(other_blog)
    html = saved(f"<p>{url}</p>").body_html
    assert f'<p><a href="{url}">{url}</a></p>' in html
    assert other_blog.requests == []


def test_with_discovery_a_page_advertising_oembed_is_embedded_in_a_sandbox(
    other_blog, private_addresses_allowed, settings
):
    settings.EMBED_DISCOVERY = True
    url = discoverable_page(other_blog)
    html = saved(f"<p>{url}</p>").body_html

    assert f'data-embed-src="{other_blog.base}/embed/42"' in html
    assert "data-embed-sandbox" in html
    assert '<span class="embed-title">A discovered thing</span>' in html
    assert [r["path"] for r in other_blog.requests] == ["/things/42", "/oembed.json"]


def test_a_discovered_player_on_another_host_is_not_framed(
    other_blog, private_addresses_allowed, settings
):
    settings.EMBED_DISCOVERY = True
    url = discoverable_page(other_blog, player_host="https://evil.example")
    html = saved(f"<p>{url}</p>").body_html
    assert "evil.example" not in html
    assert "data-embed-src" not in html
    assert '<figure class="embed embed-card">' in html


def test_a_page_without_a_discovery_link_stays_a_link(
    other_blog, private_addresses_allowed, settings
):
    settings.EMBED_DISCOVERY = True
    url = other_blog.page("/plain", "<html><head></head><body>Nothing</body></html>")
    html = saved(f"<p>{url}</p>").body_html
    assert f'<p><a href="{url}">{url}</a></p>' in html
    assert "no oEmbed" in Embed.objects.get().problem


def test_turning_discovery_off_unembeds_discovered_links_on_the_next_save(
    other_blog, private_addresses_allowed, settings
):
    settings.EMBED_DISCOVERY = True
    url = discoverable_page(other_blog)
    post = make_post(body=f"<p>{url}</p>")
    settings.EMBED_DISCOVERY = False
    post.save()
    assert "data-embed-src" not in Post.objects.get(pk=post.pk).body_html


def test_private_addresses_are_not_asked_without_the_setting(other_blog, settings):
    settings.EMBED_DISCOVERY = True
    url = discoverable_page(other_blog)
    html = saved(f"<p>{url}</p>").body_html
    assert "embed-facade" not in html
    assert other_blog.requests == []
    assert "is not a web port" in Embed.objects.get().problem
