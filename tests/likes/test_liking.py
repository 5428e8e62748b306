"""Liking a post: one like per reader and post, a POST with CSRF protection, signed-in only."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from likes import pending
from likes.models import Like
from posts.models import Post
from tests.conftest import make_post
from tests.likes.helpers import csrf_token, like_url, make_reader, press, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return make_post("Worth a like")


@pytest.fixture
def reader():
    return make_reader("lena")


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def test_a_signed_in_reader_likes_a_post_and_goes_back_to_it(signed_in, reader, post):
    response = press(signed_in, post)

    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#likes"
    assert list(Like.objects.values_list("post", "user")) == [(post.pk, reader.pk)]


def test_pressing_the_button_again_takes_the_like_back(signed_in, post):
    press(signed_in, post)
    page = signed_in.get(post.get_absolute_url()).text
    assert 'name="action" value="unlike"' in page

    response = press(signed_in, post, "unlike")

    assert response.status_code == 302
    assert not Like.objects.exists()


def test_a_double_submitted_like_is_still_one_like(signed_in, reader, post):
    first = press(signed_in, post)
    second = press(signed_in, post)

    assert first.status_code == second.status_code == 302
    assert Like.objects.filter(post=post, user=reader).count() == 1


def test_a_like_racing_another_is_kept_by_the_unique_constraint(reader, post):
    """The second insert hits the constraint (no check-then-insert), and that is not an error."""
    Like.objects.like(post, reader)
    Like.objects.like(post, reader)

    assert Like.objects.filter(post=post, user=reader).count() == 1


def test_unliking_a_post_never_liked_changes_nothing(signed_in, post):
    response = press(signed_in, post, "unlike")

    assert response.status_code == 302
    assert not Like.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.DRAFT},
        {"status": Post.Status.PENDING},
        {"status": Post.Status.PRIVATE},
        {"published_at": timezone.now() + timezone.timedelta(days=1)},
    ],
    ids=["draft", "pending", "private", "scheduled"],
)
def test_a_post_the_public_cannot_see_cannot_be_liked(signed_in, fields):
    hidden = make_post(**fields)

    response = press(signed_in, hidden)

    assert response.status_code == 404
    assert not Like.objects.exists()


def test_an_unknown_post_cannot_be_liked(signed_in):
    response = signed_in.post("/likes/999999/", {"action": "like"})

    assert response.status_code == 404


def test_a_like_without_a_csrf_token_is_refused(reader, post):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)

    response = press(browser, post)

    assert response.status_code == 403
    assert not Like.objects.exists()


def test_a_like_with_a_forged_csrf_token_is_refused(reader, post):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    csrf_token(browser)

    response = press(browser, post, csrfmiddlewaretoken="x" * 64)

    assert response.status_code == 403
    assert not Like.objects.exists()


def test_a_like_with_the_csrf_token_is_accepted(reader, post):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)

    response = press(browser, post, csrfmiddlewaretoken=csrf_token(browser))

    assert response.status_code == 302
    assert Like.objects.count() == 1


def test_a_get_on_the_like_address_is_not_allowed(signed_in, post):
    response = signed_in.get(like_url(post))

    assert response.status_code == 405
    assert not Like.objects.exists()


def test_an_unknown_action_is_a_bad_request(signed_in, post):
    response = press(signed_in, post, "love")

    assert response.status_code == 400
    assert not Like.objects.exists()


def test_a_guest_is_sent_to_sign_in_and_back_to_the_post(client, post):
    response = press(client, post)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert parse_qs(location.query)["next"] == [f"{post.get_absolute_url()}#likes"]
    assert not Like.objects.exists()


def test_a_guests_like_is_recorded_once_they_have_signed_in(reader, post):
    guest = Client(enforce_csrf_checks=True)
    response = press(guest, post, csrfmiddlewaretoken=csrf_token(guest))
    assert response.status_code == 302
    assert not Like.objects.exists()

    signed = sign_in(guest, reader, f"{post.get_absolute_url()}#likes")

    assert signed.status_code == 302
    assert signed["Location"] == f"{post.get_absolute_url()}#likes"
    assert list(Like.objects.values_list("post", "user")) == [(post.pk, reader.pk)]
    assert "Liked" in guest.get(post.get_absolute_url()).text


def test_a_guest_press_without_a_csrf_token_only_leads_to_sign_in(reader, post):
    """Another site could have sent that press: nothing is recorded on its strength."""
    guest = Client(enforce_csrf_checks=True)
    response = press(guest, post)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    sign_in(guest, reader, post.get_absolute_url())

    assert not Like.objects.exists()


def test_a_guests_press_is_forgotten_after_a_while(reader, post):
    guest = Client()
    session = guest.session
    session[pending.SESSION_KEY] = [post.pk, time.time() - pending.MAX_AGE - 1]
    session.save()

    sign_in(guest, reader, post.get_absolute_url())

    assert not Like.objects.exists()


def test_a_guests_press_on_a_post_unpublished_meanwhile_records_nothing(reader, post):
    guest = Client()
    press(guest, post)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)

    sign_in(guest, reader, "/")

    assert not Like.objects.exists()


def test_with_javascript_a_like_answers_with_the_fresh_section(signed_in, post):
    response = press(signed_in, post, json=True)

    assert response.status_code == 200
    data = response.json()
    assert data["liked"] is True
    assert data["count"] == 1
    assert "1 blogger likes this." in data["html"]
    assert 'aria-pressed="true"' in data["html"]
    assert 'name="action" value="unlike"' in data["html"]


def test_with_javascript_an_unlike_answers_with_the_fresh_section(signed_in, post):
    press(signed_in, post)

    data = press(signed_in, post, "unlike", json=True).json()

    assert data == {"liked": False, "count": 0, "html": data["html"]}
    assert "Be the first to like this." in data["html"]


def test_with_javascript_a_guest_is_told_where_to_sign_in(client, post):
    response = press(client, post, json=True)

    assert response.status_code == 401
    assert response.json()["login_url"].startswith("/accounts/login/?next=")


def test_the_token_for_cached_pages_is_never_cached(client):
    response = client.get("/likes/token/")

    assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


@pytest.mark.parametrize("json", [False, True])
def test_the_sign_in_page_says_why_a_guest_who_pressed_like_is_there(client, post, json):
    response = press(client, post, json=json)
    login_url = response.json()["login_url"] if json else response["Location"]

    page = client.get(login_url)

    assert page.status_code == 200
    assert "Sign in to like this post" in page.text


def test_after_signing_in_the_guest_is_back_on_the_post(reader, post):
    guest = Client()
    login_url = press(guest, post)["Location"]
    assert "Sign in to like this post" in guest.get(login_url).text
    next_url = parse_qs(urlsplit(login_url).query)["next"][0]

    signed = sign_in(guest, reader, next_url)

    assert signed["Location"] == f"{post.get_absolute_url()}#likes"
    assert "Sign in to like this post" not in guest.get(post.get_absolute_url()).text
