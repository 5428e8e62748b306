"""Search: finds published posts by their words, never leaks drafts or protected text."""

import pytest
from django.utils import timezone

from posts.models import Post
from tests.conftest import make_category, make_post, make_tag

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return [p.title for p in response.context_data["object_list"]]


def test_finds_posts_by_title_body_excerpt_category_and_tag(client):
    make_post("Gardening notes", body="<p>Tomatoes need sun.</p>")
    make_post("Other", body="<p>Nothing about plants.</p>", categories=[make_category("Tomatoes")])
    make_post("Tagged", tags=[make_tag("tomatoes")])
    make_post("Unrelated", body="<p>Bicycles.</p>")
    found = titles(client.get("/search/", {"q": "tomatoes"}))
    assert set(found) == {"Gardening notes", "Other", "Tagged"}


def test_every_word_must_match_somewhere(client):
    make_post("Mountain trains", body="<p>Slow and scenic.</p>")
    make_post("Mountain bikes", body="<p>Fast.</p>")
    assert titles(client.get("/search/", {"q": "mountain scenic"})) == ["Mountain trains"]


def test_drafts_private_and_scheduled_posts_never_appear(client):
    make_post("Secret draft zebra", status=Post.Status.DRAFT)
    make_post("Private zebra", status=Post.Status.PRIVATE)
    make_post("Future zebra", published_at=timezone.now() + timezone.timedelta(days=1))
    make_post("Public zebra")
    assert titles(client.get("/search/", {"q": "zebra"})) == ["Public zebra"]


def test_the_body_of_a_protected_post_is_not_searchable_nor_shown(client):
    make_post("Locked box", password="pw", body="<p>hidden treasure inside</p>")
    assert titles(client.get("/search/", {"q": "treasure"})) == []
    response = client.get("/search/", {"q": "locked"})
    assert titles(response) == ["Locked box"]
    assert "hidden treasure" not in response.text


def test_results_show_a_highlighted_snippet(client):
    make_post("Snippets", body="<p>Before words. The quick brown fox jumps. After words.</p>")
    response = client.get("/search/", {"q": "fox"})
    assert "<mark>fox</mark>" in response.text


def test_snippets_escape_html_in_the_text(client):
    make_post("Escaping", body="<p>Use &lt;script&gt; tags carefully with fox.</p>")
    response = client.get("/search/", {"q": "fox"})
    assert "<script>" not in response.text.split("<main", 1)[1]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "?.,;:'\"()[]{}", "x" * 1000, "a " * 600])
def test_empty_punctuation_and_huge_queries_answer_helpfully(client, query):
    make_post("Anything")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_an_empty_query_shows_how_to_search(client):
    response = client.get("/search/")
    assert "Type one or more words" in response.text


def test_results_are_paginated(client):
    for n in range(13):
        make_post(f"Paged owl {n}")
    assert len(titles(client.get("/search/", {"q": "owl"}))) == 10
    assert len(titles(client.get("/search/", {"q": "owl", "page": 2}))) == 3
    assert client.get("/search/", {"q": "owl", "page": 9}).status_code == 404


def test_results_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(25):
        make_post(f"Counted heron {n}", categories=[make_category()], tags=[make_tag()])
    client.get("/search/", {"q": "heron"})
    with django_assert_max_num_queries(6):
        client.get("/search/", {"q": "heron", "x": "1"})


def test_the_layout_has_a_search_box(client):
    html = client.get("/").text
    assert 'role="search"' in html and 'name="q"' in html


def test_a_renamed_tag_finds_its_posts_by_the_new_name(client):
    tag = make_tag("oldword")
    make_post("Filed", tags=[tag])
    tag.name, tag.slug = "brandnew", "brandnew"
    tag.save()
    assert titles(client.get("/search/", {"q": "brandnew"})) == ["Filed"]
    assert titles(client.get("/search/", {"q": "oldword"})) == []


def test_a_post_filed_under_a_category_later_is_found_by_it(client):
    post = make_post("Late filing")
    post.categories.add(make_category("Astronomy"))
    assert titles(client.get("/search/", {"q": "astronomy"})) == ["Late filing"]


def test_a_post_taken_out_of_a_tag_is_no_longer_found_by_it(client):
    tag = make_tag("ephemeral")
    post = make_post("Untagged later", tags=[tag])
    tag.posts.clear()
    assert post.tags.count() == 0
    assert titles(client.get("/search/", {"q": "ephemeral"})) == []


def test_an_edited_body_is_found_by_its_new_words(client):
    post = make_post("Edited", body="<p>Before.</p>")
    post.body = "<p>Afterwards xylophone.</p>"
    post.save()
    assert titles(client.get("/search/", {"q": "xylophone"})) == ["Edited"]
