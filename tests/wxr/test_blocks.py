"""Block-editor posts from a WordPress export keep their blocks: classes, settings, layout."""

import re

import pytest

from posts.models import Post
from tests.library.conftest import youtube, youtube_answer  # noqa: F401  (fixture)
from tests.other_blog import other_blog, private_addresses_allowed  # noqa: F401  (fixtures)

from .helpers import FIXTURES, run_export, run_import

pytestmark = pytest.mark.django_db
BLOCKS = FIXTURES / "blocks.xml"


@pytest.fixture
def blocks(youtube):  # noqa: F811  (the Embeds post asks YouTube, played by a local server)
    youtube.answer(youtube_answer(youtube.server, title="Me at the zoo", video_id="jNQXAC9IVRw"))
    run_import(BLOCKS)
    return {post.title: post for post in Post.objects.all()}


def test_every_block_post_is_imported(blocks):
    assert set(blocks) == {
        "Columns", "Gallery", "Cover", "Buttons", "Media & Text", "Group, Row and Stack",
        "Quote and Pullquote", "Table", "Details", "File, Audio and Video", "Footnotes", "Embeds",
    }  # fmt: skip


def test_no_imported_element_is_left_with_an_empty_class(blocks):
    for post in blocks.values():
        assert 'class=""' not in post.body, post.title
        assert 'class=""' not in post.body_html, post.title


def test_no_inline_style_survives_the_import(blocks):
    for post in blocks.values():
        assert "style=" not in post.body_html, post.title


def test_block_comments_stay_around_their_blocks(blocks):
    body = blocks["Columns"].body

    assert len(re.findall(r"<!-- wp:column(?!s)\b", body)) == 7
    assert body.count("<!-- /wp:column -->") == 7
    assert body.count("<!-- /wp:columns -->") == 3
    assert '<!-- wp:columns {"isStackedOnMobile":false} -->' in body


def test_columns_keep_their_classes_and_widths_become_classes(blocks):
    body = blocks["Columns"].body

    assert (
        '<div class="wp-block-columns has-pale-cyan-blue-background-color has-background">' in body
    )
    assert '<div class="wp-block-column is-vertically-aligned-center bs-basis-25">' in body
    assert '<div class="wp-block-column is-vertically-aligned-center bs-basis-50">' in body
    assert '<div class="wp-block-column bs-basis-33">' in body
    assert '<div class="wp-block-column bs-basis-66">' in body
    assert 'class="wp-block-columns is-not-stacked-on-mobile"' in body
    assert '<p class="has-drop-cap">' in body


def test_gallery_images_and_captions_keep_their_classes(blocks):
    body = blocks["Gallery"].body

    assert 'class="wp-block-gallery has-nested-images columns-3 is-cropped"' in body
    assert body.count('<figure class="wp-block-image size-large">') == 4
    assert 'class="wp-image-301"' in body
    assert 'class="blocks-gallery-caption wp-element-caption"' in body
    assert 'class="wp-block-image alignwide size-large"' in body


def test_cover_keeps_its_image_overlay_and_height(blocks):
    body = blocks["Cover"].body

    assert 'class="wp-block-cover alignfull bs-min-height-400"' in body
    assert (
        '<span aria-hidden="true" class="wp-block-cover__background has-background-dim-40 '
        'has-background-dim">' in body
    )
    assert 'class="wp-block-cover__image-background wp-image-303"' in body
    assert "bs-min-height-50vh" in body and "is-position-bottom-left" in body


def test_buttons_get_their_layout_when_the_page_is_made(blocks):
    post = blocks["Buttons"]

    assert '<div class="wp-block-buttons">' in post.body  # as WordPress saved it
    assert '<div class="wp-block-buttons is-layout-flex is-content-justification-center">' in (
        post.body_html
    )
    assert '<div class="wp-block-buttons is-layout-flex is-vertical">' in post.body_html
    assert 'class="wp-block-button__link wp-element-button"' in post.body_html
    assert 'class="wp-block-button is-style-outline"' in post.body_html


def test_groups_become_rows_and_stacks(blocks):
    html = blocks["Group, Row and Stack"].body_html

    assert (
        'class="wp-block-group has-pale-pink-background-color has-background '
        'is-layout-constrained"' in html
    )
    assert '<div class="wp-block-group is-layout-flex is-nowrap">' in html
    assert (
        '<div class="wp-block-group is-layout-flex is-vertical is-content-justification-center">'
        in html
    )
    assert '<div aria-hidden="true" class="wp-block-spacer bs-height-60"></div>' in html
    assert 'class="wp-block-separator has-alpha-channel-opacity is-style-dots"' in html


def test_media_and_text_keeps_its_side_and_width(blocks):
    body = blocks["Media & Text"].body

    assert 'class="wp-block-media-text is-stacked-on-mobile"' in body
    assert (
        'class="wp-block-media-text has-media-on-the-right is-stacked-on-mobile '
        "is-vertically-aligned-top has-light-green-cyan-background-color has-background "
        'bs-media-33"' in body
    )


def test_quotes_tables_and_details_keep_their_markup(blocks):
    quotes = blocks["Quote and Pullquote"].body
    assert '<blockquote class="wp-block-quote">' in quotes
    assert '<figure class="wp-block-pullquote"><blockquote>' in quotes
    assert '<p class="has-text-align-right has-vivid-red-color has-text-color">' in quotes
    assert '<mark class="has-inline-color">marked</mark>' in quotes and "<kbd>Ctrl</kbd>" in quotes
    assert (
        '<pre class="wp-block-verse">' in quotes and '<pre class="wp-block-code"><code>' in quotes
    )
    table = blocks["Table"].body
    assert (
        '<figure class="wp-block-table is-style-stripes"><table class="has-fixed-layout">' in table
    )
    assert "<tfoot>" in table and '<figcaption class="wp-element-caption">' in table
    details = blocks["Details"].body
    assert '<details class="wp-block-details"><summary>What is a block?</summary>' in details
    assert '<details class="wp-block-details" open="">' in details


def test_files_keep_their_button_and_foreign_media_lose_their_source(blocks):
    body = blocks["File, Audio and Video"].body

    assert 'class="wp-block-file__button wp-element-button"' in body
    assert '<figure class="wp-block-audio"><audio controls="">' in body  # another site's file
    assert '<figure class="wp-block-video"><video controls="">' in body


def test_footnotes_keep_their_ids_and_links_both_ways(blocks):
    body = blocks["Footnotes"].body
    note = "3f1c0b6e-8d27-4d5a-9a41-2b7e0f9c1d11"

    assert f'<sup class="fn"><a href="#{note}" id="{note}-link" rel="noopener">1</a></sup>' in body
    assert f'<ol class="wp-block-footnotes"><li id="{note}">' in body
    assert f'<a href="#{note}-link" aria-label="Jump to footnote reference 1"' in body
    assert "data-fn" not in body


def test_embeds_keep_their_wrapper_and_link(blocks):
    body = blocks["Embeds"].body

    assert (
        'class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube '
        'wp-embed-aspect-16-9 wp-has-aspect-ratio"' in body
    )
    assert re.search(
        r'<div class="wp-block-embed__wrapper">\s*<a href="https://www.youtube.com/watch\?v=jNQXAC9IVRw"',
        body,
    )


def test_a_youtube_embed_block_shows_its_facade_in_its_figure_with_its_caption(blocks):
    html = blocks["Embeds"].body_html

    assert re.search(
        r'wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">'
        r'<figure class="embed embed-player embed-youtube embed-video" data-embed-src="'
        r"https://www.youtube-nocookie.com/embed/jNQXAC9IVRw\?autoplay=1\"",
        html,
    )
    assert '<span class="embed-title">Me at the zoo</span>' in html
    assert '<figcaption class="wp-element-caption">The first video on YouTube</figcaption>' in html
    assert re.search(
        r'<div class="wp-block-embed__wrapper">\s*<a href="https://wordpress.org/news/', html
    )


def test_saving_an_imported_post_again_changes_nothing(blocks):
    post = blocks["Columns"]
    body, html = post.body, post.body_html

    post.save()

    assert (post.body, post.body_html) == (body, html)


def test_block_posts_go_back_to_wordpress_as_blocks_not_as_one_html_block(blocks):
    exported = run_export()

    assert "<!-- wp:columns {&quot;" not in exported
    assert '<!-- wp:columns {"backgroundColor":"pale-cyan-blue"} -->' in exported
    assert exported.count("<!-- wp:html -->") == 0


def test_the_post_page_shows_the_blocks_with_their_stylesheet(client, blocks):
    response = client.get(blocks["Columns"].get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/css/blocks.css" in html
    assert len(re.findall(r'class="wp-block-column[ "]', html)) == 7
