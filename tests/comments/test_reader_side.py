"""What a commenter sees: their held comment's heading, the subscription page, the saved details."""

from urllib.parse import unquote

import pytest
from django.test import Client

from comments import notifications
from comments.models import Comment, Subscription
from tests.comments.helpers import make_comment, page_of, post_comment
from tests.conftest import make_post

pytestmark = pytest.mark.django_db

DETAIL_COOKIES = ("comment_author", "comment_author_email", "comment_author_url")


def test_no_comments_yet_is_not_shown_above_the_readers_own_held_comment(client):
    post = make_post("Quiet post")
    response = post_comment(client, post, body="My held words")
    assert Comment.objects.get().status == Comment.Status.PENDING

    page = page_of(client.get(response["Location"]))

    title = page.by_id("comments-title").text
    assert "No comments yet." not in title
    assert title == "Your comment on “Quiet post”"
    assert "My held words" in page.by_id("comments").text


def test_a_post_without_comments_still_says_so(client):
    page = page_of(client.get(make_post().get_absolute_url()))

    assert page.by_id("comments-title").text == "No comments yet."


@pytest.mark.parametrize(
    ("action", "sentence"),
    [
        ("confirm", "Send gina@example.com an email about each new comment on Followed post?"),
        (
            "unsubscribe",
            "Stop sending gina@example.com emails about new comments on Followed post?",
        ),
    ],
)
def test_the_subscription_page_says_in_a_sentence_what_the_button_does(client, action, sentence):
    subscription = Subscription.objects.create(
        post=make_post("Followed post"), email="gina@example.com"
    )
    token = notifications.subscription_token(subscription, action)

    page = page_of(client.get(f"/comments/subscription/{action}/{token}/"))

    assert sentence in page.find("main").text.replace(" ?", "?")


def test_the_saved_details_cookies_are_out_of_reach_of_scripts(client):
    response = post_comment(
        client, make_post(), save_details="on", author_url="https://ann.example/"
    )

    for name in DETAIL_COOKIES:
        assert response.cookies[name]["httponly"], name


def test_the_form_token_gives_the_form_its_saved_details_back(client):
    post = make_post()
    post_comment(
        client,
        post,
        save_details="on",
        author_name="Zoë Reader",
        author_email="zoe@example.com",
        author_url="https://zoe.example/",
    )

    details = client.get(f"/comments/form-token/?post={post.pk}").json()["details"]

    assert details == {
        "author_name": "Zoë Reader",
        "author_email": "zoe@example.com",
        "author_url": "https://zoe.example/",
    }


def test_a_new_visitor_gets_no_saved_details():
    post = make_post()

    details = Client().get(f"/comments/form-token/?post={post.pk}").json()["details"]

    assert details == {"author_name": "", "author_email": "", "author_url": ""}


def test_the_form_says_what_saving_the_details_stores(client):
    post = make_post()
    make_comment(post)

    page = page_of(client.get(post.get_absolute_url()))

    text = page.by_id("commentform").text
    assert "kept for a year in three cookies that only this site can read" in text


def test_the_cookie_values_read_back_as_typed(client):
    response = post_comment(client, make_post(), save_details="on", author_name="Zoë Reader")

    assert unquote(response.cookies["comment_author"].value) == "Zoë Reader"
