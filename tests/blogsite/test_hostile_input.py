"""Hostile input gets a clear 4xx, never a 500: forms in a foreign charset, and NUL characters.

The clients check CSRF as a browser meets it (the test client skips the check by
default, and with it the path that used to fail) and hand back a 500 as a response.
NUL matters on PostgreSQL, which cannot store it in text: run these there too.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from comments.models import Comment
from likes.models import Like
from tests.comments.helpers import comment_form, fresh_ip
from tests.conftest import make_post
from tests.likes.helpers import PASSWORD, csrf_token, like_url, make_reader

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def browser():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def send(client, path, fields, *, charset, **extra):
    """POST `fields` encoded in `charset`, with the Content-Type saying so, bytes as they are."""
    body = urlencode(fields, encoding=charset).encode("ascii")
    content_type = f"{FORM}; charset={charset}"
    return client.generic("POST", path, body, content_type=content_type, **extra)


# Forms in another charset than UTF-8


def test_a_comment_sent_as_shift_jis_is_refused_with_a_400_asking_for_utf_8():
    client, post = browser(), make_post()
    fields = comment_form(client, post, author_name="山田太郎", body="こんにちは")

    response = send(client, "/comments/post/", fields, charset="shift_jis", REMOTE_ADDR=fresh_ip())

    assert response.status_code == 400
    assert response.text == (
        "This form was sent as shift_jis; forms on this site must be sent as UTF-8."
    )
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/accounts/login/", {"login": "山田", "password": PASSWORD}),
        (
            "/accounts/signup/",
            {"username": "山田", "email": "y@example.com", "password1": PASSWORD,
             "password2": PASSWORD},
        ),
        ("/accounts/password/reset/", {"email": "y@example.com"}),
    ],
    ids=["sign in", "sign up", "password reset"],
)  # fmt: skip
def test_an_account_form_sent_as_shift_jis_is_refused_with_a_400_asking_for_utf_8(path, fields):
    client = browser()
    client.get(path)
    fields = {**fields, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}

    response = send(client, path, fields, charset="shift_jis")

    assert response.status_code == 400
    assert "must be sent as UTF-8" in response.text
    assert not get_user_model().objects.exists()


def test_a_form_that_spells_utf_8_another_way_is_read_as_utf_8():
    client, post = browser(), make_post()
    fields = comment_form(client, post, author_name="Zoë Reader", body="Très bien")

    response = send(client, "/comments/post/", fields, charset="UTF8", REMOTE_ADDR=fresh_ip())

    assert response.status_code == 302
    assert Comment.objects.get().author_name == "Zoë Reader"


# NUL characters


@pytest.mark.parametrize(
    "field", ["body", "author_name", "author_email", "author_url", "post", "parent", "timestamp"]
)
def test_a_comment_field_with_a_nul_is_refused_and_nothing_stored(field):
    client, post = browser(), make_post()
    fields = comment_form(client, post, author_url="https://ann.example/", parent="")
    fields[field] = f"{fields[field]}\x00"

    response = client.post("/comments/post/", fields, REMOTE_ADDR=fresh_ip())

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_comment_from_a_user_agent_with_a_nul_is_refused_and_nothing_stored():
    client, post = browser(), make_post()
    fields = comment_form(client, post)

    response = client.post(
        "/comments/post/", fields, REMOTE_ADDR=fresh_ip(), HTTP_USER_AGENT="Bot/1.0\x00"
    )

    assert response.status_code == 400
    assert response.text == "The User-Agent header contains a NUL character."
    assert not Comment.objects.exists()


@pytest.mark.parametrize("query", ["\x00", "night\x00train", "\x00\x00 train"])
def test_a_search_with_a_nul_answers_with_a_page(query):
    make_post("Night train")

    response = browser().get("/search/", {"q": query})

    assert response.status_code == 200


def test_a_like_with_a_nul_in_its_action_is_refused_and_nothing_stored():
    client, post = browser(), make_post()
    client.force_login(make_reader())
    fields = {"action": "like\x00", "csrfmiddlewaretoken": csrf_token(client)}

    response = client.post(like_url(post), fields)

    assert response.status_code == 400
    assert not Like.objects.exists()


@pytest.mark.parametrize("field", ["username", "email", "password1", "password2"])
def test_a_sign_up_with_a_nul_in_a_field_creates_no_account(field):
    client = browser()
    client.get("/accounts/signup/")
    fields = {
        "username": "newreader",
        "email": "new@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }
    fields[field] += "\x00"

    response = client.post("/accounts/signup/", fields)

    assert response.status_code == 200  # the form again, with the field's error
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("field", ["login", "password"])
def test_a_sign_in_with_a_nul_in_a_field_signs_nobody_in(field):
    reader = make_reader()
    client = browser()
    client.get("/accounts/login/")
    fields = {
        "login": reader.username,
        "password": PASSWORD,
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }
    fields[field] += "\x00"

    response = client.post("/accounts/login/", fields)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_cookie_with_a_nul_is_ignored_as_if_never_set(cookie):
    client, post = browser(), make_post()
    client.cookies[cookie] = "a" * 16 + "\x00" + "b" * 16

    for page in ("/", post.get_absolute_url(), "/accounts/login/"):
        assert client.get(page).status_code == 200, page
