"""A list page reads its ten posts in the list index's order instead of sorting every published
post, and the previous/next links take one step along their own index: on SQLite once its
statistics are gathered (posts/sqlite_stats.py), on PostgreSQL by its own."""

import pytest
from django.db import connection

from posts import sqlite_stats
from posts.models import Post
from posts.views import neighbour
from tests.conftest import make_post

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's statistics; PostgreSQL gathers its own"
)


def plan(queryset):
    return queryset.explain()


@sqlite_only
def test_sqlite_gathers_statistics_once_there_are_posts():
    with connection.cursor() as cursor:
        assert not sqlite_stats.missing(cursor), "no posts yet: nothing to gather"
    posts = [make_post(f"Post {n}") for n in range(40)]
    with connection.cursor() as cursor:
        assert sqlite_stats.missing(cursor)

    sqlite_stats.gather_if_missing(None, connection)

    with connection.cursor() as cursor:
        assert not sqlite_stats.missing(cursor)
    lists = plan(Post.objects.published().for_cards()[:10])
    assert "post_list_order" in lists and "TEMP B-TREE" not in lists, lists
    middle = posts[20]
    steps = plan(
        Post.objects.published()
        .filter(published_at__lt=middle.published_at)
        .order_by("-published_at", "-pk")[:1]
    )
    assert "post_published_order" in steps and "TEMP B-TREE" not in steps, steps
    assert neighbour(middle, after=False) == posts[19]
