"""Helpers for the WXR tests: run the commands, find the shared exports, write small files."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.core.management import call_command

from comments.models import Comment
from posts.models import Attachment, Category, Page, Post, Tag

FIXTURES = Path(__file__).parent / "fixtures"
# The WordPress importer's own test files, beside the project (see their README).
SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/wxr"


def shared(relative):
    """A shared real export, or a skip saying why it is missing."""
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent: the shared WordPress exports are not on this machine")
    return path


def run_import(path, *options):
    """`manage.py import_wxr path *options`; returns what it printed."""
    out = StringIO()
    call_command("import_wxr", str(path), *options, stdout=out)
    return out.getvalue()


def run_export(*options):
    out = StringIO()
    call_command("export_wxr", *options, stdout=out)
    return out.getvalue()


def counts():
    """How many rows of each kind an import can write."""
    return {
        "users": get_user_model().objects.count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "pages": Page.objects.count(),
        "attachments": Attachment.objects.count(),
        "redirects": Redirect.objects.count(),
    }


NAMESPACES = """
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/"
"""


def wxr(*parts, version="1.2", version_tag=True, namespace_version="1.2"):
    """A small WXR document around channel-level `parts` (authors, terms, items)."""
    tag = f"<wp:wxr_version>{version}</wp:wxr_version>" if version_tag else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f'<rss version="2.0" {NAMESPACES.format(version=namespace_version)}>\n'
        f"<channel>\n<title>Small</title>\n<link>https://small.example.com</link>\n{tag}\n"
        + "\n".join(parts)
        + "\n</channel>\n</rss>\n"
    )


def item(wp_id, title="A post", *, content="Some text.", status="publish", post_type="post",
         creator="ann", extra=""):  # fmt: skip
    creator_tag = f"<dc:creator>{creator}</dc:creator>" if creator else ""
    return f"""<item>
<title>{title}</title>
<link>https://small.example.com/?p={wp_id}</link>
{creator_tag}
<guid isPermaLink="false">https://small.example.com/?p={wp_id}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{wp_id}</wp:post_id>
<wp:post_date_gmt>2021-05-04 10:00:00</wp:post_date_gmt>
<wp:status>{status}</wp:status>
<wp:post_type>{post_type}</wp:post_type>
{extra}
</item>"""


def wp_comment(wp_id, *, parent=0, content="A comment.", approved="1", kind=""):
    return f"""<wp:comment>
<wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author>Reader {wp_id}</wp:comment_author>
<wp:comment_date_gmt>2021-05-05 10:{wp_id % 60:02d}:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent>
</wp:comment>"""


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
