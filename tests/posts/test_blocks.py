"""Block-editor groups and buttons are laid out as WordPress lays them out when it renders."""

import pytest

from tests.conftest import make_post

pytestmark = pytest.mark.django_db


def rendered(body):
    return make_post(body=body).body_html


@pytest.mark.parametrize(
    ("comment", "classes"),
    [
        ("<!-- wp:group -->", "wp-block-group is-layout-flow"),
        (
            '<!-- wp:group {"layout":{"type":"constrained"}} -->',
            "wp-block-group is-layout-constrained",
        ),
        (
            '<!-- wp:group {"layout":{"type":"flex","flexWrap":"nowrap"}} -->',
            "wp-block-group is-layout-flex is-nowrap",
        ),
        (
            '<!-- wp:group {"layout":{"type":"flex","orientation":"vertical",'
            '"justifyContent":"right"}} -->',
            "wp-block-group is-layout-flex is-vertical is-content-justification-right",
        ),
        (
            '<!-- wp:group {"layout":{"type":"grid","columnCount":3}} -->',
            "wp-block-group is-layout-grid columns-3",
        ),
        ("<!-- wp:buttons -->", "wp-block-buttons is-layout-flex"),
        (
            '<!-- wp:buttons {"layout":{"type":"flex","justifyContent":"space-between"}} -->',
            "wp-block-buttons is-layout-flex is-content-justification-space-between",
        ),
    ],
)
def test_a_blocks_layout_setting_becomes_its_classes(comment, classes):
    name = comment.split()[1].removeprefix("wp:")
    html = rendered(f'{comment}\n<div class="wp-block-{name}"><p>x</p></div>\n<!-- /wp:{name} -->')

    assert f'<div class="{classes}"><p>x</p></div>' in html


def test_the_authors_body_keeps_what_wordpress_saved():
    post = make_post(
        body='<!-- wp:group {"layout":{"type":"flex"}} -->\n<div class="wp-block-group"></div>'
    )

    assert '<div class="wp-block-group"></div>' in post.body
    assert '<div class="wp-block-group is-layout-flex"></div>' in post.body_html


@pytest.mark.parametrize(
    "layout",
    [
        '{"type":"flex","justifyContent":"center evil"}',
        '{"type":"flex","orientation":"sideways visually-hidden"}',
        '{"type":"grid","columnCount":"3 position-fixed"}',
    ],
)
def test_layout_values_outside_the_known_ones_add_nothing(layout):
    html = rendered(f'<!-- wp:group {{"layout":{layout}}} -->\n<div class="wp-block-group"></div>')

    assert html.endswith(
        (
            '<div class="wp-block-group is-layout-flex"></div>',
            '<div class="wp-block-group is-layout-grid"></div>',
        )
    )


def test_a_block_without_a_wrapper_class_gets_one():
    html = rendered("<!-- wp:group -->\n<div><p>x</p></div>")

    assert '<div class="is-layout-flow"><p>x</p></div>' in html


def test_block_pages_link_the_block_stylesheet_and_others_do_not(client):
    blocks = make_post(
        body='<div class="wp-block-columns"><div class="wp-block-column">a</div></div>'
    )
    plain = make_post(body="<p>Just text.</p>")

    assert "css/blocks.css" in client.get(blocks.get_absolute_url()).content.decode()
    assert "css/blocks.css" not in client.get(plain.get_absolute_url()).content.decode()


def test_a_page_with_blocks_links_the_block_stylesheet(client):
    from posts.models import Page

    page = Page.objects.create(
        title="About",
        author=make_post().author,
        status=Page.Status.PUBLISHED,
        body='<div class="wp-block-buttons"></div>',
    )

    assert "css/blocks.css" in client.get(page.get_absolute_url()).content.decode()


def test_readers_get_the_blocks_without_their_delimiters_which_the_body_keeps():
    body = (
        '<!-- wp:group {"layout":{"type":"flex"}} --><div class="wp-block-group">'
        "<!-- wp:paragraph --><p>Side</p><!-- /wp:paragraph --></div><!-- /wp:group -->"
        "<!-- wp:separator /-->"
    )
    post = make_post(body=body)

    assert "<!-- wp:paragraph -->" in post.body and "<!-- wp:separator /-->" in post.body
    assert "wp:" not in post.body_html
    assert '<div class="wp-block-group is-layout-flex"><p>Side</p></div>' in post.body_html
