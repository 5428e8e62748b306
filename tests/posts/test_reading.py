"""Related posts under a post, and the archive, category and tag widgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import clear_cache, make_category, make_post, make_tag

pytestmark = pytest.mark.django_db


def related_titles(html):
    if 'id="related-title"' not in html:
        return []
    section = html.split('id="related-title"', 1)[1].split("</section>", 1)[0]
    return [part.split("</a>")[0].rsplit(">", 1)[-1] for part in section.split("<li>")[1:]]


def test_related_posts_share_a_tag_or_category_newest_first_up_to_three(client):
    tag, category = make_tag("shared"), make_category("Shared")
    post = make_post("Reading now", tags=[tag])
    make_post("By tag, old", tags=[tag])
    make_post("By category", categories=[category])
    post.categories.add(category)
    make_post("By tag, new", tags=[tag])
    make_post("Newest by tag", tags=[tag])
    make_post("Unrelated", categories=[make_category("Elsewhere")])
    titles = related_titles(client.get(post.get_absolute_url()).text)
    assert titles == ["Newest by tag", "By tag, new", "By category"]


def test_related_posts_never_include_drafts(client):
    tag = make_tag("t")
    post = make_post("Main", tags=[tag])
    make_post("Draft sibling", tags=[tag], status="draft")
    assert related_titles(client.get(post.get_absolute_url()).text) == []


def test_related_posts_take_one_query_however_many_tags(client):
    tags = [make_tag() for _ in range(8)]
    post = make_post("Many tags", tags=tags)
    for n in range(10):
        make_post(f"Sibling {n}", tags=tags[n % 8 : n % 8 + 2])

    def count():
        clear_cache()
        client.get(post.get_absolute_url())
        clear_cache()
        with CaptureQueriesContext(connection) as queries:
            client.get(post.get_absolute_url())
        return len(queries)

    before = count()
    for n in range(10):
        make_post(f"More {n}", tags=tags)
    assert count() == before


def test_widgets_show_months_categories_and_tags_with_counts(client):
    parent = make_category("Parent")
    child = make_category("Child", parent=parent)
    make_post("One", categories=[child], tags=[make_tag("alpha")])
    html = client.get("/").text
    assert 'id="widget-archives"' in html and "(1)" in html
    assert '<li class="depth-1"><a href="/category/parent/child/">Child</a> (1)</li>' in html
    assert ">alpha</a>" in html


def test_widgets_are_rendered_once_per_content_version(client):
    make_post("Counted")
    client.get("/")

    def queries_for(url):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return [q["sql"] for q in queries]

    warm = queries_for("/?second=1")
    assert not any("posts_tag" in sql for sql in warm)
    make_post("Changes the version", tags=[make_tag("fresh")])
    cold = queries_for("/?third=1")
    assert any("posts_tag" in sql for sql in cold)
    assert ">fresh</a>" in client.get("/?fourth=1").text


def test_images_in_the_body_load_lazily(client):
    post = make_post(
        "Pictures",
        body='<p><img src="/media/a.png" alt="a" width="400" height="300"></p>'
        '<p><img src="/media/b.png" alt="b" loading="eager"></p>',
    )
    html = client.get(post.get_absolute_url()).text
    assert '<img loading="lazy" decoding="async" src="/media/a.png"' in html
    assert 'width="400" height="300"' in html
    assert html.count('loading="lazy" decoding="async" src="/media/b.png"') == 0
