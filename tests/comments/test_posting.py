"""Posting the "Leave a Reply" form: refusals, bad input, CSRF and the saved-details cookies."""

from urllib.parse import unquote_plus

import pytest
from django.test import Client
from django.utils import timezone

from comments.forms import form_timestamp
from comments.models import Comment
from posts.models import Post
from tests.comments.helpers import (
    comment_form,
    fresh_ip,
    make_comment,
    page_of,
    parse_html,
    post_comment,
    send_form,
    set_rules,
)
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db


def typed_body(response):
    """The comment text as the re-shown form holds it."""
    textarea = parse_html(response.text).find("textarea", name="body")
    assert textarea is not None, "the form was not offered again"
    return textarea.text


def assert_refused(response, status, message, body):
    assert response.status_code == status, response.content[:500]
    assert message in response.text
    assert typed_body(response) == body


def test_a_posted_comment_is_saved_with_what_was_typed(client):
    post = make_post()

    response = post_comment(
        client,
        post,
        body="Nice post!",
        author_name="Ann Reader",
        author_email="ann@example.com",
        author_url="https://ann.example/",
        ip="10.2.3.4",
        user_agent="TestBrowser/1.0",
    )

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.post, comment.parent, comment.kind) == (post, None, Comment.Kind.COMMENT)
    assert comment.body == "<p>Nice post!</p>"
    assert comment.author_name == "Ann Reader"
    assert comment.author_email == "ann@example.com"
    assert comment.author_url == "https://ann.example/"
    assert comment.ip == "10.2.3.4"
    assert comment.user_agent == "TestBrowser/1.0"


def test_a_reply_is_saved_under_its_parent(client):
    post = make_post()
    parent = make_comment(post)

    response = post_comment(client, post, parent=parent.pk, body="I agree")

    assert response.status_code == 302
    assert Comment.objects.get(body="<p>I agree</p>").parent == parent


# Refused outright: nothing saved, the form kept filled, a clear message


def test_a_second_comment_from_the_same_ip_within_15_seconds_is_refused(client):
    post = make_post()
    assert post_comment(client, post, body="First words", ip="10.0.0.7").status_code == 302

    response = post_comment(client, post, body="Second words", ip="10.0.0.7")

    assert_refused(response, 429, "too quickly", "Second words")
    assert Comment.objects.count() == 1


def test_a_comment_from_the_same_ip_after_15_seconds_is_accepted(client):
    post = make_post()
    make_comment(post, ip="10.0.0.7", created=timezone.now() - timezone.timedelta(seconds=20))

    response = post_comment(client, post, body="Later words", ip="10.0.0.7")

    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_another_ip_may_comment_within_the_same_15_seconds(client):
    post = make_post()
    make_comment(post, ip="10.0.0.7", created=timezone.now())

    response = post_comment(client, post, body="Other words", ip="10.0.0.8")

    assert response.status_code == 302


def test_a_duplicate_comment_by_the_same_author_on_the_same_post_is_refused(client):
    post = make_post()
    make_comment(
        post, author_name="Ann Reader", author_email="ann@example.com", body="<p>Same words</p>"
    )

    response = post_comment(client, post, body="Same words", ip=fresh_ip())

    assert_refused(response, 409, "Duplicate comment", "Same words")
    assert Comment.objects.count() == 1


def test_the_same_words_from_another_author_are_not_a_duplicate(client):
    post = make_post()
    make_comment(post, author_name="Bob", author_email="bob@example.com", body="<p>Same words</p>")

    response = post_comment(client, post, body="Same words", ip=fresh_ip())

    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_a_comment_on_a_post_closed_to_comments_is_refused(client):
    post = make_post(comments_open=False)

    response = post_comment(client, post, body="Too late?")

    assert_refused(response, 403, "Comments are closed.", "Too late?")
    assert not Comment.objects.exists()


def test_a_comment_on_a_post_older_than_the_closing_age_is_refused(client):
    set_rules(close_after_days=5)
    post = make_post(published_at=timezone.now() - timezone.timedelta(days=6))

    response = post_comment(client, post, body="Too late?")

    assert_refused(response, 403, "Comments are closed.", "Too late?")
    assert not Comment.objects.exists()


def test_a_comment_on_a_draft_post_is_refused_as_not_found(client):
    post = make_post()
    data = comment_form(client, post)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)

    response = send_form(client, data)

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_comment_on_an_unknown_post_is_refused_as_not_found(client):
    post = make_post()
    data = comment_form(client, post, post=post.pk + 1000)

    response = send_form(client, data)

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_on_another_post_is_refused(client):
    post = make_post()
    elsewhere = make_comment(make_post())

    response = post_comment(client, post, parent=elsewhere.pk, body="Crossed wires")

    assert_refused(response, 400, "cannot be answered", "Crossed wires")
    assert Comment.objects.count() == 1


def test_a_reply_to_a_trashed_comment_is_refused(client):
    post = make_post()
    trashed = make_comment(post, status=Comment.Status.TRASH)

    response = post_comment(client, post, parent=trashed.pk, body="Hello?")

    assert_refused(response, 400, "cannot be answered", "Hello?")
    assert Comment.objects.count() == 1


def test_a_reply_to_a_comment_that_does_not_exist_is_refused(client):
    post = make_post()

    response = post_comment(client, post, parent=987654, body="Hello?")

    assert_refused(response, 400, "does not exist", "Hello?")
    assert not Comment.objects.exists()


def test_a_parent_id_that_is_not_a_number_is_refused(client):
    post = make_post()

    response = post_comment(client, post, parent="1 OR 1=1", body="Hello?")

    assert response.status_code == 400
    assert typed_body(response) == "Hello?"
    assert not Comment.objects.exists()


def test_a_parent_id_that_is_not_a_number_says_why(client):
    post = make_post()

    response = post_comment(client, post, parent="1 OR 1=1", body="Hello?")

    assert "The comment you replied to is not valid." in response.text


def test_a_form_without_a_post_id_is_refused(client):
    data = comment_form(client, make_post())
    del data["post"]

    response = send_form(client, data)

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_post_id_that_is_not_a_number_is_refused(client):
    data = comment_form(client, make_post(), post="12abc")

    response = send_form(client, data)

    assert response.status_code == 400
    assert not Comment.objects.exists()


# Bad input


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_an_empty_comment_asks_for_the_comment(client, body):
    response = post_comment(client, make_post(), body=body)

    assert response.status_code == 400
    assert "Please type your comment." in response.text
    assert not Comment.objects.exists()


def test_a_comment_of_nothing_but_markup_asks_for_the_comment(client):
    response = post_comment(client, make_post(), body="<p> </p><script>alert(1)</script>")

    assert response.status_code == 400
    assert "Please type your comment." in response.text
    assert not Comment.objects.exists()


def test_a_one_megabyte_comment_is_a_form_error(client):
    response = post_comment(client, make_post(), body="word " * 200_000)

    assert response.status_code == 400
    assert "at most" in response.text
    assert not Comment.objects.exists()


def test_the_other_fields_are_kept_when_the_comment_is_refused(client):
    response = post_comment(
        client,
        make_post(),
        body="",
        author_name="Ann Reader",
        author_email="ann@example.com",
        author_url="https://ann.example/",
    )

    page = parse_html(response.text)
    assert page.find("input", name="author_name").attrs["value"] == "Ann Reader"
    assert page.find("input", name="author_email").attrs["value"] == "ann@example.com"
    assert page.find("input", name="author_url").attrs["value"] == "https://ann.example/"


def test_script_tags_are_stripped_from_the_saved_comment(client):
    post_comment(client, make_post(), body="Hello <script>alert('x')</script> world")

    body = Comment.objects.get().body
    assert "<script" not in body.lower()
    assert "alert(" not in body
    assert "Hello" in body and "world" in body


def test_event_handler_attributes_are_stripped_from_the_saved_comment(client):
    post_comment(
        client,
        make_post(),
        body='Look <img src=x onerror="alert(1)"> <b onmouseover="alert(2)">here</b>',
    )

    body = Comment.objects.get().body
    assert "onerror" not in body.lower()
    assert "onmouseover" not in body.lower()
    assert "<b>here</b>" in body


def test_javascript_links_are_stripped_from_the_saved_comment(client):
    post_comment(client, make_post(), body='<a href="javascript:alert(1)">click me</a>')

    body = Comment.objects.get().body
    assert "javascript:" not in body.lower()
    assert "click me" in body


def test_links_in_a_comment_are_marked_as_user_content(client):
    post_comment(client, make_post(), body='<a href="https://example.org/">a link</a>')

    link = parse_html(Comment.objects.get().body).find("a")
    assert {"nofollow", "ugc"} <= set(link.attrs["rel"].split())


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]
)
def test_a_website_that_is_not_http_is_a_form_error(client, website):
    response = post_comment(client, make_post(), author_url=website)

    assert response.status_code == 400
    error = parse_html(response.text).find(id="id_author_url_error")
    assert error is not None and "Enter a valid URL." in error.text
    assert not Comment.objects.exists()


def test_an_email_without_an_at_sign_is_a_form_error(client):
    response = post_comment(client, make_post(), author_email="ann.example.com")

    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert not Comment.objects.exists()


def test_a_missing_name_is_a_form_error(client):
    response = post_comment(client, make_post(), author_name="  ")

    assert response.status_code == 400
    assert "Please give your name." in response.text
    assert not Comment.objects.exists()


def test_a_name_over_its_limit_is_a_form_error(client):
    response = post_comment(client, make_post(), author_name="N" * 101)

    assert response.status_code == 400
    assert "at most 100 characters" in response.text
    assert not Comment.objects.exists()


def test_unicode_names_and_emoji_are_kept_exactly(client):
    name = "Zoë Łukasz 山田 🦄"
    body = "Great post 🎉👍🏽 — merci, ありがとう"

    post_comment(client, make_post(), author_name=name, body=body)

    comment = Comment.objects.get()
    assert comment.author_name == name
    assert comment.body == f"<p>{body}</p>"


def test_unicode_names_and_emoji_are_shown_exactly(client):
    make_comment(make_post(), author_name="Zoë Łukasz 山田 🦄", author_email="ann@example.com")
    post = make_post()
    post_comment(client, post, author_name="Zoë Łukasz 山田 🦄", body="Hi 🎉")

    html = client.get(post.get_absolute_url()).text

    assert "Zoë Łukasz 山田 🦄" in html
    assert "Hi 🎉" in html


def test_a_null_character_is_a_form_error_not_a_database_error(client):
    response = post_comment(client, make_post(), author_name="Ann\x00", body="Hello\x00")

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.text
    assert not Comment.objects.exists()


def test_get_on_the_post_url_is_not_allowed(client):
    assert client.get("/comments/post/").status_code == 405


# CSRF: the cached page carries no token; a missing one is asked for again, not lost


def test_a_missing_csrf_token_keeps_the_comment_and_offers_the_form_again():
    browser = Client(enforce_csrf_checks=True)
    post = make_post()
    data = {
        "post": post.pk,
        "body": "Words I typed with care",
        "author_name": "Ann Reader",
        "author_email": "ann@example.com",
        "timestamp": form_timestamp(post),
    }

    response = browser.post("/comments/post/", data)

    assert response.status_code == 403
    assert "has not been sent yet" in response.text
    assert typed_body(response) == "Words I typed with care"
    token = parse_html(response.text).find("input", name="csrfmiddlewaretoken")
    assert token is not None and token.attrs.get("value")
    assert not Comment.objects.exists()


def test_the_form_offered_after_a_missing_csrf_token_can_be_sent():
    browser = Client(enforce_csrf_checks=True)
    post = make_post()
    first = browser.post(
        "/comments/post/",
        {
            "post": post.pk,
            "body": "Words I typed with care",
            "author_name": "Ann Reader",
            "author_email": "ann@example.com",
            "timestamp": form_timestamp(post),
        },
    )
    form = parse_html(first.text).by_id("commentform")
    data = {
        field.attrs["name"]: field.attrs.get("value", "")
        for field in form.find_all("input")
        if field.attrs.get("name") and field.attrs.get("type") != "checkbox"
    }
    data["body"] = form.find("textarea", name="body").text

    response = browser.post("/comments/post/", data)

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == "<p>Words I typed with care</p>"
    assert comment.status == Comment.Status.PENDING


def test_a_wrong_csrf_token_is_refused_and_nothing_saved():
    browser = Client(enforce_csrf_checks=True)
    post = make_post()
    browser.get(f"/comments/form-token/?post={post.pk}")

    response = browser.post(
        "/comments/post/",
        {
            "post": post.pk,
            "body": "Forged",
            "author_name": "Mallory",
            "author_email": "m@example.com",
            "timestamp": form_timestamp(post),
            "csrfmiddlewaretoken": "x" * 64,
        },
    )

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_the_form_token_is_accepted_with_csrf_checks_on():
    browser = Client(enforce_csrf_checks=True)
    post = make_post()

    response = post_comment(browser, post)

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_the_form_token_needs_a_post():
    assert Client().get("/comments/form-token/").status_code == 400


def test_the_form_token_for_a_post_id_that_is_not_a_number_is_refused():
    assert Client().get("/comments/form-token/?post=abc").status_code == 400


def test_the_form_token_of_a_draft_post_is_not_found():
    post = make_post(status=Post.Status.DRAFT)

    assert Client().get(f"/comments/form-token/?post={post.pk}").status_code == 404


def test_the_form_token_is_never_cached(client):
    response = client.get(f"/comments/form-token/?post={make_post().pk}")

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_anonymous_post_page_sets_no_cookie(client):
    post = make_post()
    make_comment(post)

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assert not response.cookies, list(response.cookies)
    page = page_of(response)
    assert page.find("input", name="csrfmiddlewaretoken").attrs.get("value", "") == ""


# "Save my name, email, and website in this browser"

DETAIL_COOKIES = {
    "comment_author": "Ann Reader",
    "comment_author_email": "ann@example.com",
    "comment_author_url": "https://ann.example/",
}


def cookie_value(response, name):
    return unquote_plus(response.cookies[name].value)


def test_saving_details_sets_the_name_email_and_website_cookies(client):
    response = post_comment(
        client,
        make_post(),
        save_details="on",
        author_name="Ann Reader",
        author_email="ann@example.com",
        author_url="https://ann.example/",
    )

    assert response.status_code == 302
    for name, expected in DETAIL_COOKIES.items():
        assert cookie_value(response, name) == expected
        assert response.cookies[name]["max-age"], "the cookie would end with the session"


def test_not_saving_details_deletes_the_cookies(client):
    client.cookies.load(DETAIL_COOKIES)

    response = post_comment(client, make_post())

    assert response.status_code == 302
    for name in DETAIL_COOKIES:
        assert name in response.cookies
        assert response.cookies[name].value == ""
        assert response.cookies[name]["max-age"] == 0


def raw_cookie_value(response, name):
    """The value exactly as the Set-Cookie header carries it (what document.cookie shows)."""
    header = response.cookies[name].OutputString()
    return header.split(";", 1)[0].split("=", 1)[1]


def test_the_saved_details_read_back_as_typed_in_the_browser(client):
    name = "Zoë Reader"
    response = post_comment(
        client,
        make_post(),
        save_details="on",
        author_name=name,
        author_email="zoe@example.com",
        author_url="https://zoe.example/",
    )

    expected = {
        "comment_author": name,
        "comment_author_email": "zoe@example.com",
        "comment_author_url": "https://zoe.example/",
    }
    for cookie, value in expected.items():
        raw = raw_cookie_value(response, cookie)
        assert raw.isascii() and '"' not in raw and " " not in raw, raw
        assert unquote_plus(raw) == value


def test_a_signed_in_reader_can_send_the_form_as_the_page_gives_it():
    browser = Client(enforce_csrf_checks=True)
    reader = make_user("reader")
    browser.force_login(reader)
    post = make_post()
    form = page_of(browser.get(post.get_absolute_url())).by_id("commentform")
    data = {
        field.attrs["name"]: field.attrs.get("value", "")
        for field in form.find_all("input")
        if field.attrs.get("name") and field.attrs.get("type") != "checkbox"
    }
    data["body"] = "Signed-in words"

    response = browser.post("/comments/post/", data)

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.user == reader
    assert comment.status == Comment.Status.PENDING
    assert "timestamp" not in comment.moderation_reason
