"""Comment feeds: each post's feed is the feed of the post at that permalink."""

import pytest
from django.utils import timezone

from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.conftest import make_post

pytestmark = pytest.mark.django_db


def test_two_posts_with_one_slug_on_different_days_each_have_their_own_comment_feed(client):
    older = make_post("Weekly notes", published_at=timezone.now() - timezone.timedelta(days=8))
    newer = make_post("Weekly notes", published_at=timezone.now() - timezone.timedelta(days=1))
    assert older.slug == newer.slug
    make_comment(older, body="<p>On the older notes</p>")
    make_comment(newer, body="<p>On the newer notes</p>")

    older_feed = client.get(f"{older.get_absolute_url()}feed/").text
    newer_feed = client.get(f"{newer.get_absolute_url()}feed/").text

    assert "On the older notes" in older_feed and "On the newer notes" not in older_feed
    assert "On the newer notes" in newer_feed and "On the older notes" not in newer_feed


def test_a_comment_feed_at_a_date_with_no_such_post_is_not_found(client):
    post = make_post("Dated", published_at=timezone.now() - timezone.timedelta(days=3))
    wrong_day = post.get_absolute_url().replace(
        f"/{timezone.localtime(post.published_at):%d}/", "/31/"
    )

    assert client.get(f"{wrong_day}feed/").status_code == 404


def test_the_comment_feeds_include_approved_trackbacks_and_pingbacks(client):
    post = make_post("Talked about elsewhere")
    make_comment(post, body="<p>A plain comment</p>")
    make_comment(
        post,
        kind=Comment.Kind.PINGBACK,
        author_name="Other Blog",
        author_url="https://other.example/post/",
        body="<p>The pingback excerpt</p>",
    )
    make_comment(
        post,
        kind=Comment.Kind.TRACKBACK,
        author_name="Third Blog",
        author_url="https://third.example/post/",
        body="<p>The trackback excerpt</p>",
    )

    for url in ("/comments/feed/", f"{post.get_absolute_url()}feed/"):
        feed = client.get(url).text
        assert "A plain comment" in feed, url
        assert (
            "The pingback excerpt" in feed
            and "Pingback on Talked about elsewhere by Other Blog" in feed
        ), url
        assert "The trackback excerpt" in feed and "Trackback on Talked about elsewhere" in feed, (
            url
        )


def test_held_and_spam_pings_stay_out_of_the_comment_feeds(client):
    post = make_post()
    for status in (Comment.Status.PENDING, Comment.Status.SPAM):
        make_comment(
            post,
            kind=Comment.Kind.PINGBACK,
            status=status,
            author_url=f"https://{status}.example/",
            body=f"<p>A {status} ping</p>",
        )

    for url in ("/comments/feed/", f"{post.get_absolute_url()}feed/"):
        feed = client.get(url).text
        assert "ping</" not in feed and "A pending ping" not in feed and "A spam ping" not in feed
