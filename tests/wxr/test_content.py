"""WordPress text rendered as WordPress shows it: autop, shortcodes, blocks, the more tag."""

from types import SimpleNamespace

from wxr.content import (
    as_html_block,
    expand_shortcodes,
    render_comment,
    render_post,
    wpautop,
)


def medium(url, alt="", caption=""):
    return SimpleNamespace(url=url, alt=alt, title="", caption=caption)


def test_autop_turns_blank_lines_into_paragraphs():
    assert wpautop("one\n\ntwo") == "<p>one</p>\n<p>two</p>\n"


def test_autop_turns_single_newlines_into_line_breaks():
    assert wpautop("one\ntwo") == "<p>one<br />\ntwo</p>\n"


def test_autop_puts_no_paragraph_around_block_elements():
    html = wpautop("Intro\n\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n\n<h2>Title</h2>")

    assert html == "<p>Intro</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<h2>Title</h2>\n"


def test_autop_moves_the_paragraph_inside_a_blockquote():
    assert wpautop("<blockquote>Quoted</blockquote>") == "<blockquote><p>Quoted</p></blockquote>\n"


def test_autop_leaves_preformatted_text_alone():
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"


def test_autop_does_not_break_lines_inside_tags():
    assert wpautop('<a\nhref="/x">link</a>') == '<p><a\nhref="/x">link</a></p>\n'


def test_autop_leaves_already_rendered_html_as_it_is():
    html = "<p>a<br>\nb</p>\n<p>c</p>"

    assert render_post(html)[0] == html


def test_block_editor_content_keeps_its_delimiters_and_its_lines():
    raw = "<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->"

    assert render_post(raw)[0] == raw


def test_a_custom_html_block_is_its_html():
    raw = "<!-- wp:html -->\n<p>As written.</p>\n<!-- /wp:html -->"

    assert render_post(raw)[0] == "<p>As written.</p>"


def test_more_tag_marks_the_teaser():
    body, teaser = render_post("The teaser.\n<!--more Read on-->\nThe rest.")

    assert teaser == "<p>The teaser.</p>"
    assert body == "<p>The teaser.</p>\n<p>The rest.</p>"


def test_no_more_tag_no_teaser():
    assert render_post("All of it.")[1] is None


def test_caption_becomes_a_figure_with_its_caption():
    raw = (
        '[caption id="attachment_6" align="alignright" width="300"]'
        '<img src="https://x.example/a.jpg" alt="A"> The caption[/caption]'
    )

    assert render_post(raw)[0] == (
        '<figure class="wp-caption alignright"><img src="https://x.example/a.jpg" alt="A">'
        '<figcaption class="wp-caption-text">The caption</figcaption></figure>'
    )


def test_caption_attribute_is_used_when_given():
    html = expand_shortcodes('[caption caption="Said here"]<img src="/a.jpg">[/caption]')

    assert '<figcaption class="wp-caption-text">Said here</figcaption>' in html


def test_gallery_lists_its_images_in_the_order_given():
    def gallery(ids):
        assert ids == [2, 1]
        return [medium("https://x.example/2.jpg", "Two"), medium("https://x.example/1.jpg", "One")]

    html = render_post('[gallery ids="2,1"]', gallery=gallery)[0]

    assert html.index("2.jpg") < html.index("1.jpg")
    assert '<div class="gallery">' in html and 'alt="Two"' in html


def test_gallery_without_media_disappears():
    assert render_post("Before\n\n[gallery]\n\nAfter")[0] == "<p>Before</p>\n<p>After</p>"


def test_embed_becomes_a_link():
    html = render_post("[embed]https://video.example.com/42[/embed]")[0]

    assert html == (
        '<p><a href="https://video.example.com/42" rel="noopener">'
        "https://video.example.com/42</a></p>"
    )


def test_a_lone_url_on_its_line_becomes_a_link():
    assert '<a href="https://maps.example.com/1"' in render_post("https://maps.example.com/1")[0]


def test_an_escaped_shortcode_is_shown_as_text():
    assert render_post("Write [[gallery]] like that.")[0] == "<p>Write [gallery] like that.</p>"


def test_unknown_shortcodes_are_left_as_written():
    assert render_post("[contact-form id=3]")[0] == "<p>[contact-form id=3]</p>"


def test_scripts_do_not_survive_rendering():
    body, _ = render_post('Hi <script>alert(1)</script><a href="javascript:x()">x</a>')

    assert "script" not in body and "javascript" not in body


def test_comment_gets_paragraphs_and_the_readers_allowlist():
    html = render_comment("Line one\nline two\n\n<h1>Big</h1> <a href='https://e.example'>e</a>")

    assert html.startswith("<p>Line one<br>\nline two</p>")
    assert "<h1>" not in html
    assert 'rel="nofollow ugc noopener"' in html


def test_a_url_alone_on_a_line_of_preformatted_text_stays_text():
    assert render_post("<pre>see\nhttps://example.com/x\n</pre>")[0] == (
        "<pre>see\nhttps://example.com/x\n</pre>"
    )


def test_finished_html_in_an_html_block_reads_back_unchanged():
    html = "<p>One\nline, [gallery] and [[caption]] as text</p>\n\n<p>Two</p>"

    assert render_post(as_html_block(html))[0] == html
