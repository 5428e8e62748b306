"""Every page type passes the Nu HTML Checker (vnu), checked in one run over saved pages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.conftest import make_category, make_post, make_tag

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu():
    if not shutil.which("java"):
        pytest.skip(
            "Java is missing: the Nu HTML Checker needs it (apt-get install default-jre-headless)"
        )
    if not VNU.exists():
        pytest.skip("vnu.jar is missing: run `npm install` in the project (make test does)")
    return VNU


def test_every_page_type_is_valid_html(vnu, tmp_path, author):
    category = make_category("Science", description="How things work.")
    tag = make_tag("light")
    post = make_post(
        "A valid post",
        author=author,
        categories=[category],
        tags=[tag],
        body="<p>Text with <a href='/x/'>a link</a>.</p><blockquote><p>Quote</p></blockquote>",
    )
    make_post("An older post", author=author, categories=[category])
    Comment.objects.create(
        post=post,
        author_name="Reader",
        author_email="reader@example.com",
        author_url="https://example.com/",
        body="<p>A comment.</p>",
        status=Comment.Status.APPROVED,
        created=timezone.now() - timezone.timedelta(minutes=5),
    )
    local = timezone.localtime(post.published_at)
    pages = {
        "home": "/",
        "post": post.get_absolute_url(),
        "category": category.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": f"/author/{author.username}/",
        "archive": f"/{local.year}/{local:%m}/",
        "search": "/search/?q=valid",
        "not-found": "/no-such-page/",
    }
    client = Client()
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        (tmp_path / f"{name}.html").write_bytes(response.content)

    result = subprocess.run(
        [
            "java",
            "-jar",
            str(vnu),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, tmp_path.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        (Path(m.get("url", "")).name, m.get("lastLine"), m.get("message"))
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(map(str, errors))
