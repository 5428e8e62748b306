"""What post bodies need beyond text, kept by the sanitizer: figures, responsive images,
players for this site's files, anchors, code languages and the `<!--more-->` split point."""

import pytest

from core.sanitize import excerpt_from_html, sanitize_comment_html, sanitize_post_html
from posts.models import Post
from tests.conftest import make_post


def test_figures_with_captions_and_responsive_images_are_kept():
    html = (
        '<figure class="wp-block-image"><img src="/media/a.jpg" srcset="/media/a-480.jpg 480w, '
        '/media/a.jpg 800w" sizes="(min-width: 800px) 800px, 100vw" width="800" height="600" '
        'alt="A heron" loading="lazy"><figcaption>A heron at dawn</figcaption></figure>'
    )
    assert sanitize_post_html(html) == html


@pytest.mark.parametrize(
    "src",
    ["/media/talk.mp3", "media/talk.mp3", "http://127.0.0.1:8000/media/talk.mp3"],
)
def test_audio_from_this_site_is_kept_with_its_controls(src, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    cleaned = sanitize_post_html(f'<audio src="{src}"></audio>')
    assert cleaned == f'<audio src="{src}" controls=""></audio>'


def test_video_with_sources_from_this_site_is_kept():
    html = (
        '<video poster="/media/poster.jpg" width="640" height="360" preload="metadata">'
        '<source src="/media/clip.webm" type="video/webm">'
        '<source src="/media/clip.mp4" type="video/mp4"></video>'
    )
    assert sanitize_post_html(html) == html.replace(
        'preload="metadata">', 'preload="metadata" controls="">'
    )


def test_media_on_the_media_host_is_kept(settings):
    settings.MEDIA_URL = "https://media.example.net/uploads/"
    cleaned = sanitize_post_html('<video src="https://media.example.net/uploads/a.mp4"></video>')
    assert 'src="https://media.example.net/uploads/a.mp4"' in cleaned


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/a.mp3",
        "//tracker.example/a.mp3",
        "javascript:alert(1)",
        "data:audio/mp3;base64,AAAA",
        "http://127.0.0.1:8000.tracker.example/a.mp3",
    ],
)
def test_media_from_anywhere_else_loses_its_address(src, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    for html in (f'<audio src="{src}"></audio>', f'<video><source src="{src}"></video>'):
        assert "src=" not in sanitize_post_html(html)


def test_players_cannot_start_by_themselves_or_hide_their_controls():
    cleaned = sanitize_post_html('<video src="/media/a.mp4" autoplay onplay="x()"></video>')
    assert cleaned == '<video src="/media/a.mp4" controls=""></video>'


@pytest.mark.parametrize("value", ["intro", "fn:1", "fnref:1", "section-2.3"])
def test_heading_and_footnote_ids_are_kept(value):
    assert sanitize_post_html(f'<h2 id="{value}">x</h2>') == f'<h2 id="{value}">x</h2>'


@pytest.mark.parametrize(
    "value",
    [
        "content",  # the skip link's target
        "commentform",
        "respond",
        "comment-12",
        "id_body",
        "embed-1",
        "-abc",
        "has space",
        '"><script>',
        "x" * 120,
    ],
)
def test_ids_the_site_uses_or_that_are_no_plain_name_are_dropped(value):
    assert "id=" not in sanitize_post_html(f'<p id="{value}">x</p>')


@pytest.mark.parametrize("language", ["python", "js", "c++", "shell-session"])
def test_a_code_language_class_is_kept(language):
    html = f'<pre><code class="language-{language}">x = 1</code></pre>'
    assert sanitize_post_html(html) == html


def test_other_classes_on_code_are_dropped():
    cleaned = sanitize_post_html('<pre><code class="evil language-python hljs">x</code></pre>')
    assert cleaned == '<pre><code class="language-python">x</code></pre>'
    assert "class" not in sanitize_post_html('<code class="language-">x</code>')


def test_the_more_split_point_is_kept_and_other_comments_go():
    html = "<p>Teaser.</p><!--more--><p>Rest.</p><!-- a note --><!--more-->"
    assert sanitize_post_html(html) == "<p>Teaser.</p><!--more--><p>Rest.</p>"


def test_the_more_tag_with_a_custom_label_becomes_the_plain_split_point():
    cleaned = sanitize_post_html("<p>A</p><!--more Keep reading--><p>B</p>")
    assert cleaned == "<p>A</p><!--more--><p>B</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<img alt="<!--more-->" src="/a.png">',
        "<!-- <!--more--> -->",
        "<script><!--more--></script>",
        "<!--more--><script>alert(1)</script>",
        "<!--><!--more-->--><script>alert(1)</script>",
    ],
)
def test_a_more_tag_cannot_smuggle_markup(html):
    cleaned = sanitize_post_html(html)
    assert "<script" not in cleaned
    assert cleaned.replace("<!--more-->", "", 1).count("<!--") == 0


def test_sanitizing_twice_changes_nothing():
    html = (
        '<h2 id="a">A</h2><p>Teaser.</p><!--more--><pre><code class="language-python">x'
        '</code></pre><video src="/media/v.mp4" controls=""></video>'
    )
    once = sanitize_post_html(html)
    assert sanitize_post_html(once) == once


def test_comments_keep_none_of_it():
    cleaned = sanitize_comment_html(
        '<p id="x">a</p><!--more--><audio src="/media/a.mp3"></audio><code class="language-py">'
    )
    assert cleaned == "<p>a</p><code></code>"


def test_the_teaser_before_more_is_the_automatic_excerpt():
    body = "<p>The first part, all of it.</p><!--more--><p>The rest, which is long.</p>"
    assert excerpt_from_html(body) == "The first part, all of it."


def test_without_more_the_excerpt_is_the_first_words():
    assert excerpt_from_html("<p>" + "word " * 60 + "</p>").endswith("word…")


@pytest.mark.django_db
def test_a_post_without_an_excerpt_shows_its_teaser_on_cards_and_feeds(client):
    post = make_post(
        "Split post",
        body="<p>Only this goes on the card.</p><!--more--><p>Hidden from the card.</p>",
        excerpt="",
    )
    assert Post.objects.get(pk=post.pk).excerpt == "Only this goes on the card."
    home = client.get("/").content.decode()
    assert "Only this goes on the card." in home and "Hidden from the card." not in home
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Only this goes on the card." in page and "Hidden from the card." in page


@pytest.mark.django_db
def test_a_written_excerpt_wins_over_the_teaser():
    post = make_post(body="<p>Teaser.</p><!--more--><p>Rest.</p>", excerpt="Mine.")
    assert Post.objects.get(pk=post.pk).excerpt == "Mine."
