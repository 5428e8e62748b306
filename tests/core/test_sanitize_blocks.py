"""The sanitizer keeps core block markup (classes, layout styles as classes, block comments)
and nothing an author could use to restyle the page or run code."""

import pytest

from core.sanitize import plain_text, sanitize_post_html


@pytest.mark.parametrize(
    "classes",
    [
        "wp-block-columns has-background has-pale-pink-background-color",
        "wp-block-button__link wp-element-button",
        "wp-block-cover__image-background wp-image-42",
        "wp-block-gallery has-nested-images columns-3 is-cropped",
        "wp-block-media-text has-media-on-the-right is-stacked-on-mobile is-image-fill",
        "wp-block-group is-layout-flex is-content-justification-center is-nowrap is-vertical",
        "wp-block-embed is-type-video is-provider-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio",
        "wp-block-image alignwide size-large is-style-rounded",
        "has-text-align-center has-large-font-size has-drop-cap",
        "wp-block-cover__background has-background-dim-40 has-background-dim",
        "wp-block-columns are-vertically-aligned-center is-not-stacked-on-mobile",
    ],
)
def test_core_block_classes_stay(classes):
    assert (
        sanitize_post_html(f'<div class="{classes}">x</div>') == f'<div class="{classes}">x</div>'
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "visually-hidden",  # the site's own helpers
        "skip-link",
        "position-fixed",  # Bootstrap utilities
        "d-none",
        "alert",
        "embed-facade",  # what the embeds script looks for
        "is-liked",
        "wp-block-evil",  # not a core block
        "bs-basis-12",  # not one of the generated classes
        "has-",
        "columns-99",
        "wp-image-x",
    ],
)
def test_any_other_class_goes_and_takes_the_attribute_with_it(hostile):
    assert sanitize_post_html(f'<p class="{hostile}">x</p>') == "<p>x</p>"


def test_only_the_block_classes_of_a_mixed_list_stay():
    cleaned = sanitize_post_html('<div class="wp-block-group visually-hidden alignfull">x</div>')

    assert cleaned == '<div class="wp-block-group alignfull">x</div>'


@pytest.mark.parametrize(
    ("element", "style", "classes"),
    [
        ("wp-block-column", "flex-basis:33.33%", "bs-basis-33"),
        ("wp-block-column", "flex-basis:36%", "bs-basis-33"),
        ("wp-block-column", "flex-basis: 22.5%", "bs-basis-20"),
        ("wp-block-column", "flex-basis:66.66%", "bs-basis-66"),
        ("wp-block-media-text", "grid-template-columns:auto 35%", "bs-media-33"),
        ("wp-block-media-text", "grid-template-columns:70% auto", "bs-media-70"),
        ("wp-block-spacer", "height:100px", "bs-height-100"),
        ("wp-block-spacer", "height:3rem", "bs-height-40"),
        ("wp-block-spacer", "height:var(--wp--preset--spacing--80)", "bs-height-80"),
        ("wp-block-cover", "min-height:430px", "bs-min-height-400"),
        ("wp-block-cover", "min-height:60vh", "bs-min-height-50vh"),
        (
            "wp-block-group",
            "background-color:#CF2E2E",
            "has-vivid-red-background-color has-background",
        ),
        ("wp-block-group", "color:#fff", "has-white-color has-text-color"),
        (
            "wp-block-group",
            "color:var(--wp--preset--color--vivid-purple)",
            "has-vivid-purple-color has-text-color",
        ),
        ("wp-block-group", "text-align:center", "has-text-align-center"),
    ],
)
def test_layout_styles_become_classes_from_a_fixed_set(element, style, classes):
    cleaned = sanitize_post_html(f'<div class="{element}" style="{style}">x</div>')

    assert cleaned == f'<div class="{element} {classes}">x</div>'


@pytest.mark.parametrize(
    "style",
    [
        "color:#123456",  # not a palette colour
        "background-color:red",
        "background-image:url(javascript:alert(1))",
        "position:fixed;top:0;left:0;width:100%;height:100%",
        "flex-basis:250px",
        "min-height:expression(alert(1))",
        "color:var(--wp--preset--color--x);behavior:url(x.htc)",
        "text-align:middle",
    ],
)
def test_every_other_style_goes_and_leaves_no_class(style):
    assert sanitize_post_html(f'<div style="{style}">x</div>') == "<div>x</div>"


def test_a_style_never_reaches_the_page_even_beside_a_mapped_one():
    cleaned = sanitize_post_html(
        '<div class="wp-block-column" style="flex-basis:50%;position:fixed;z-index:9">x</div>'
    )

    assert cleaned == '<div class="wp-block-column bs-basis-50">x</div>'


def test_sizes_mean_nothing_on_blocks_that_have_no_such_size():
    assert sanitize_post_html('<p style="height:100px;flex-basis:50%">x</p>') == "<p>x</p>"


def test_a_quote_in_another_attribute_does_not_confuse_the_style_mapping():
    cleaned = sanitize_post_html('<p title=" style=" style="text-align:right">x</p>')

    assert cleaned == '<p title=" style=" class="has-text-align-right">x</p>'


def test_block_comments_stay_as_written():
    html = (
        '<!-- wp:columns {"align":"wide"} -->\n<div class="wp-block-columns alignwide">'
        '<!-- wp:column {"width":"50%"} -->\n<div class="wp-block-column"></div>\n'
        "<!-- /wp:column --></div>\n<!-- /wp:columns -->\n<!-- wp:spacer /-->\n"
        "<!-- wp:my-plugin/box -->\n<p>x</p>\n<!-- /wp:my-plugin/box -->"
    )

    assert sanitize_post_html(html) == html


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- plain comment -->",
        "<!--[if IE]><script>alert(1)</script><![endif]-->",
        "<!-- wp:paragraph [1] -->",  # attributes that are not an object
        "<!-- wp:paragraph {nope} -->",
        "<!-- /wp:paragraph {} -->",  # a closer has no attributes
        "<!-- wp:Para -->",
        "<!--wp:paragraph-->",
    ],
)
def test_other_comments_go(comment):
    assert sanitize_post_html(f"<p>a</p>{comment}<p>b</p>") == "<p>a</p><p>b</p>"


def test_block_attributes_cannot_end_the_comment_or_carry_markup():
    cleaned = sanitize_post_html(
        '<!-- wp:paragraph {"a":"x\\u002d\\u002d><script>alert(1)</script>\\u0022 & y"} --><p>t</p>'
    )

    assert cleaned == (
        '<!-- wp:paragraph {"a":"x\\u002d\\u002d\\u003e\\u003cscript\\u003ealert(1)'
        '\\u003c/script\\u003e\\u0022 \\u0026 y"} --><p>t</p>'
    )
    assert "<script" not in cleaned and cleaned.count("-->") == 1


def test_a_block_comment_inside_an_attribute_stays_text():
    cleaned = sanitize_post_html('<img src="/a.png" alt="<!-- wp:image {&quot;id&quot;:1} -->">')

    assert cleaned == '<img src="/a.png" alt="&lt;!-- wp:image {&quot;id&quot;:1} --&gt;">'


def test_block_comments_are_not_text():
    assert plain_text(sanitize_post_html("<!-- wp:paragraph -->\n<p>Words</p>")) == "Words"


@pytest.mark.parametrize(
    "hostile",
    [
        '<div class="wp-block-button">'
        '<a class="wp-block-button__link" href="javascript:alert(1)">b</a></div>',
        '<div class="wp-block-cover" onmouseover="alert(1)">x</div>',
        '<img class="wp-block-cover__image-background" src="x" onerror="alert(1)">',
        '<details class="wp-block-details" ontoggle="alert(1)" open><summary>s</summary></details>',
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        '<iframe src="https://evil.example/"></iframe></div></figure>',
        '<div class="wp-block-group" style="background:url(javascript:alert(1))">x</div>',
        "<!-- wp:html --><script>alert(1)</script><!-- /wp:html -->",
    ],
)
def test_block_markup_carries_nothing_active(hostile):
    cleaned = sanitize_post_html(hostile).lower()

    for active in (
        "javascript:",
        "onmouseover",
        "onerror",
        "ontoggle",
        "<iframe",
        "<script",
        "style=",
    ):
        assert active not in cleaned


def test_footnote_ids_that_start_with_a_digit_stay():
    html = '<ol class="wp-block-footnotes"><li id="3f1c0b6e-8d27">Note.</li></ol>'

    assert sanitize_post_html(html) == html


def test_cleaning_block_markup_twice_changes_nothing():
    html = (
        '<!-- wp:column {"width":"25%"} -->'
        '<div class="wp-block-column evil" style="flex-basis:25%">'
        '<p style="color:#000">x</p></div><!-- /wp:column -->'
    )
    once = sanitize_post_html(html)

    assert sanitize_post_html(once) == once
    assert 'class="wp-block-column bs-basis-25"' in once
