"""The estimated reading time, worked out when a post is saved and shown on cards and posts."""

import pytest

from posts.models import Post
from tests.conftest import make_post

pytestmark = pytest.mark.django_db


def words(n):
    return "<p>" + " ".join(["word"] * n) + "</p>"


@pytest.mark.parametrize("count, minutes", [(0, 1), (50, 1), (500, 2), (2380, 10)])
def test_the_reading_time_is_the_body_words_at_238_a_minute(count, minutes):
    assert make_post(body=words(count)).reading_minutes == minutes


def test_the_reading_time_follows_an_edit():
    post = make_post(body=words(50))

    post.body = words(1200)
    post.save()

    assert Post.objects.get(pk=post.pk).reading_minutes == 5


def test_markup_does_not_count_as_words():
    paragraph = '<p><a href="https://example.com/a/b/c">one</a> <strong>two</strong></p>'
    post = make_post(body=paragraph * 300)

    assert post.reading_minutes == round(600 / 238)


def test_the_post_page_and_its_card_show_the_reading_time(client):
    post = make_post(body=words(1000))

    assert "4 min read" in client.get(post.get_absolute_url()).text
    assert "4 min read" in client.get("/").text


def test_a_password_protected_post_does_not_tell_its_length(client):
    make_post(body=words(1000), password="sesame")

    assert "min read" not in client.get("/").text
