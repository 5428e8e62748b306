"""Search results at scale: title hits first, the most recent matches ranked, "more than
N results" once more posts match than are ranked, and the indexes that serve it."""

import pytest
from django.db import connection
from django.utils import timezone

from posts import search
from posts.models import Post
from posts.search import refresh_documents, search_posts
from tests.conftest import make_post, make_tag

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking and the GIN index are PostgreSQL's"
)


def titles(response):
    assert response.status_code == 200
    return [p.title for p in response.context_data["object_list"]]


def hours_ago(hours):
    return timezone.now() - timezone.timedelta(hours=hours)


def posts_about(word, count, **fields):
    """`count` posts with `word` in their text, the first the most recent."""
    return [
        make_post(f"Post {n}", body=f"<p>On {word}, part {n}.</p>", published_at=hours_ago(n + 1))
        for n in range(count)
    ]


@postgresql_only
def test_a_title_hit_comes_before_posts_that_only_mention_the_word(client):
    make_post("Lanterns", body="<p>Light.</p>", published_at=hours_ago(48))
    make_post("Evening", body="<p>Lanterns, lanterns and more lanterns.</p>")
    assert titles(client.get("/search/", {"q": "lanterns"})) == ["Lanterns", "Evening"]


@postgresql_only
def test_a_tag_hit_comes_before_a_mention_in_the_text(client):
    make_post("Filed", tags=[make_tag("walnut")], published_at=hours_ago(48))
    make_post("Mentioned", body="<p>A walnut tree.</p>")
    assert titles(client.get("/search/", {"q": "walnut"})) == ["Filed", "Mentioned"]


def test_as_many_results_as_are_ranked_are_counted_exactly(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 12)
    posts_about("quince", 12)
    response = client.get("/search/", {"q": "quince"})
    assert "12 results." in response.text
    assert "More than" not in response.text


def test_more_matches_than_are_ranked_say_so_and_page_to_the_last(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 12)
    posts_about("quince", 15)

    first = client.get("/search/", {"q": "quince"})
    last = client.get("/search/", {"q": "quince", "page": 2})

    assert "More than 12 results: the 12 most recent, best matches first." in first.text
    assert "Older posts match too" not in first.text
    assert len(titles(first)) == 10
    assert len(titles(last)) == 2
    assert "Older posts match too. Add a word to find them." in last.text
    assert "Page 2 of 2" in last.text and 'rel="next"' not in last.text
    assert client.get("/search/", {"q": "quince", "page": 3}).status_code == 404


def test_the_most_recent_matches_are_the_ones_ranked(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    newest = posts_about("medlar", 3)
    make_post("Medlar", published_at=hours_ago(100))  # older than the ranked ones
    found = titles(client.get("/search/", {"q": "medlar"}))
    assert sorted(found) == sorted(p.title for p in newest)


@pytest.mark.parametrize("windows", [(1, 2), (2, 5), (3, 4), (20, 40)])
@pytest.mark.parametrize("limit", [1, 4, 7])
def test_the_most_recent_matches_are_found_whatever_the_windows(monkeypatch, windows, limit):
    monkeypatch.setattr(search, "WINDOWS", windows)
    matching = []
    for n in range(12):
        body = "<p>Sorrel soup.</p>" if n % 3 else "<p>Plain soup.</p>"
        post = make_post(f"Soup {n}", body=body, published_at=hours_ago(n // 2 + 1))
        matching += [post] if n % 3 else []
    # Ties on the publication time fall on either side of an edge: none lost, none twice.
    expected = sorted(matching, key=lambda p: (p.published_at, p.pk), reverse=True)[:limit]
    assert search.most_recent("sorrel", limit) == [p.pk for p in expected]


def test_the_window_edges_follow_the_newest_posts(monkeypatch):
    monkeypatch.setattr(search, "WINDOWS", (1, 3, 50))
    posts = [make_post(published_at=hours_ago(n + 1)) for n in range(5)]
    make_post("Draft", status=Post.Status.DRAFT, published_at=hours_ago(0.5))
    assert search.window_edges() == [posts[1].published_at, posts[3].published_at]


@postgresql_only
@pytest.mark.parametrize("query", ["tomatoes", "ripe red tomatoes", "peppers"])
def test_search_reads_the_gin_index_not_every_post(query, author, monkeypatch):
    """A blog of a few thousand posts, a tenth about peppers: the planner, left to its
    own costs, reads the matches through the GIN index (and the newest posts' through
    the index on publication time), never every post."""
    monkeypatch.setattr(search, "WINDOWS", (100, 1000))
    make_post("Tomatoes", body="<p>Ripe red tomatoes.</p>", tags=[make_tag("garden")])
    now = timezone.now()
    Post.objects.bulk_create(
        Post(title=f"Other {n}", slug=f"other-{n}", author=author,
             body="<p>Peppers.</p>" if n % 10 == 0 else f"<p>Cucumbers, row {n}.</p>",
             status=Post.Status.PUBLISHED, published_at=now - timezone.timedelta(hours=n),
             published_on=(now - timezone.timedelta(hours=n)).date())
        for n in range(4000)
    )  # fmt: skip
    refresh_documents()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE posts_post")
    for queryset in (search.recent_matches(query, 201), search_posts(query)):
        plan = queryset.explain()
        assert "post_search_document_gin" in plan, plan
        assert "Seq Scan on posts_post" not in plan, plan
