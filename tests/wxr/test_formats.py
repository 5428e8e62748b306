"""Post formats come in from a WordPress export and go back out as its post_format terms."""

import pytest
from lxml import etree

from posts.models import Post
from tests.conftest import make_post

from .helpers import FIXTURES, item, run_export, run_import, write, wxr

pytestmark = pytest.mark.django_db

WP = "{http://wordpress.org/export/1.2/}"


def with_format(wp_id, slug):
    term = f'<category domain="post_format" nicename="{slug}"><![CDATA[Whatever]]></category>'
    return item(wp_id, f"Post {wp_id}", extra=term)


def test_each_post_format_is_kept():
    output = run_import(FIXTURES / "blog.xml")

    assert Post.objects.get(wp_id=107).format == Post.Format.GALLERY
    assert Post.objects.get(wp_id=101).format == Post.Format.STANDARD
    assert "post format" not in output.lower()


@pytest.mark.parametrize("value", [v for v in Post.Format.values if v != "standard"])
def test_every_wordpress_format_comes_across(tmp_path, value):
    run_import(write(tmp_path, wxr(with_format(1, f"post-format-{value}"))))

    assert Post.objects.get().format == value


def test_an_unknown_format_is_standard_with_a_warning(tmp_path):
    output = run_import(write(tmp_path, wxr(with_format(1, "post-format-poem"))))

    assert Post.objects.get().format == Post.Format.STANDARD
    assert "Unknown post format 'post-format-poem'" in output


def test_formats_are_exported_as_the_post_format_category_domain():
    quote = make_post("Quoted", format=Post.Format.QUOTE)
    make_post("Plain")

    channel = etree.fromstring(run_export().encode()).find("channel")

    items = {i.findtext("title"): i for i in channel.iter("item")}
    (term,) = items["Quoted"].findall("category[@domain='post_format']")
    assert (term.get("nicename"), term.text) == ("post-format-quote", "Quote")
    assert not items["Plain"].findall("category[@domain='post_format']")
    formats = [
        t.findtext(f"{WP}term_slug")
        for t in channel.iter(f"{WP}term")
        if t.findtext(f"{WP}term_taxonomy") == "post_format"
    ]
    assert formats == ["post-format-quote"]
    assert quote.format == "quote"


def test_a_format_survives_export_and_import(tmp_path):
    make_post("Aside", format=Post.Format.ASIDE)
    exported = write(tmp_path, run_export(), "site.xml")
    Post.objects.all().delete()

    run_import(exported)

    assert Post.objects.get().format == Post.Format.ASIDE
