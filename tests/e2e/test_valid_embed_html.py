"""A post page with embeds, highlighted code and media passes the Nu HTML Checker."""

import json
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import make_post
from tests.e2e.test_valid_html import vnu  # noqa: F401  (fixture)
from tests.library.conftest import VIDEO_URL, youtube  # noqa: F401  (fixture)
from tests.other_blog import other_blog, private_addresses_allowed  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_post_page_with_an_embed_and_code_is_valid_html(vnu, tmp_path, youtube):  # noqa: F811
    post = make_post(
        "Rich body",
        body=f"<p>{VIDEO_URL}</p><h2 id='part-2'>Part 2</h2>"
        '<pre><code class="language-python">print("hi")</code></pre><!--more-->'
        '<figure><video src="/media/v.mp4"></video><figcaption>A clip</figcaption></figure>',
    )
    page = tmp_path / "post.html"
    page.write_bytes(Client().get(post.get_absolute_url()).content)
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [(m.get("lastLine"), m.get("message")) for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(map(str, errors))
    assert Path(page).read_text().count("embed-facade") == 1
