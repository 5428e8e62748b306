"""Author pages exist only for people with published posts, so no one can probe for accounts."""

import pytest
from django.utils import timezone

from posts.models import Post
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db


def test_an_author_with_published_posts_has_a_page_and_a_feed(client):
    post = make_post("By the writer", author=make_user("writer"))

    assert client.get("/author/writer/").status_code == 200
    feed = client.get("/author/writer/feed/")
    assert feed.status_code == 200 and post.title in feed.text


def test_a_reader_account_has_no_author_page(client):
    make_user("just-a-reader")

    assert client.get("/author/just-a-reader/").status_code == 404
    assert client.get("/author/just-a-reader/feed/").status_code == 404


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PENDING])
def test_an_account_with_only_unpublished_posts_has_no_author_page(client, status):
    make_post(author=make_user("drafter"), status=status)

    assert client.get("/author/drafter/").status_code == 404
    assert client.get("/author/drafter/feed/").status_code == 404


def test_a_scheduled_post_does_not_make_an_author_page_yet(client):
    make_post(author=make_user("soon"), published_at=timezone.now() + timezone.timedelta(days=1))

    assert client.get("/author/soon/").status_code == 404
