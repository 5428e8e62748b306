"""The REST API reads and writes a post's format, as WordPress's does."""

import pytest

from posts.models import Post
from tests.conftest import make_post

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_post_shows_its_format(api):
    post = make_post("Status update", format=Post.Format.STATUS)

    assert api.get(f"/wp-json/wp/v2/posts/{post.pk}").json()["format"] == "status"


def test_a_client_sets_and_changes_the_format(author_user):
    api = client_for(author_user)

    created = api.post(
        "/wp-json/wp/v2/posts", {"title": "Link", "format": "link"}, format="json"
    ).json()
    post = Post.objects.get(pk=created["id"])
    assert created["format"] == post.format == "link"

    api.post(f"/wp-json/wp/v2/posts/{post.pk}", {"format": "aside"}, format="json")
    post.refresh_from_db()
    assert post.format == "aside"


def test_an_unknown_format_is_400_and_saves_nothing(author_user):
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts", {"title": "x", "format": "poem"}, format="json"
    )

    assert response.status_code == 400
    assert "format" in response.json()["data"]["params"]
    assert not Post.objects.exists()
