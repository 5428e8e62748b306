"""Code blocks with a language are coloured on save, with classes the stylesheet styles."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from posts.models import Post
from tests.conftest import make_post

pytestmark = pytest.mark.django_db

PYTHON = (
    '<pre><code class="language-python">def greet(name):\n'
    '    return f"hi {name}" &lt; 3\n</code></pre>'
)


def saved(body):
    return Post.objects.get(pk=make_post(body=body).pk)


def test_a_code_block_with_a_language_gets_pygments_token_classes():
    html = saved(PYTHON).body_html
    assert html.startswith('<div class="highlight"><pre><code class="language-python">')
    assert '<span class="k">def</span>' in html
    assert '<span class="nf">greet</span>' in html
    assert "&lt;" in html  # the code's text is still escaped


def test_highlighting_uses_classes_never_inline_styles():
    html = saved(PYTHON).body_html
    assert "style=" not in html


def test_the_authors_body_keeps_the_plain_block():
    post = saved(PYTHON)
    assert post.body == PYTHON
    assert "<span" not in post.body


def test_every_token_class_used_is_styled_by_the_stylesheet():
    html = saved(PYTHON + PYTHON.replace("python", "javascript")).body_html
    stylesheet = (Path(settings.BASE_DIR) / "static" / "css" / "code.css").read_text()
    used = set(re.findall(r'<span class="(\w+)"', html))
    assert used
    styled = {name for name in used if f".highlight .{name} " in stylesheet}
    # Pygments leaves a few tokens (plain names, whitespace) uncoloured on purpose.
    assert used - styled <= {"n", "w", "p", "nn", "nx", "err"}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<pre><code>plain = 1</code></pre>", id="no-language"),
        pytest.param('<pre><code class="language-klingon">qaStaH</code></pre>', id="unknown"),
        pytest.param("<p><code>inline()</code></p>", id="inline-code"),
    ],
)
def test_code_without_a_known_language_is_left_as_written(body):
    assert saved(body).body_html == body


def test_the_code_stylesheet_is_linked_only_from_pages_with_code(client):
    with_code = client.get(saved(PYTHON).get_absolute_url()).content
    without = client.get(saved("<p>Prose.</p>").get_absolute_url()).content
    assert b'<link rel="stylesheet" href="/static/css/code.css">' in with_code
    assert b"code.css" not in without
