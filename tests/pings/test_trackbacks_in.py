"""Trackbacks in: `POST <permalink>trackback/` answered in the TrackBack specification's XML."""

import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from pings import incoming
from posts.models import Post
from tests.comments.helpers import make_comment, set_rules
from tests.conftest import make_post, make_user
from tests.other_blog import fresh_ip

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def trackback_url(post):
    return post.get_absolute_url() + "trackback/"


def send_trackback(client, post, /, *, ip=None, content_type=FORM, charset="utf-8", **fields):
    """POST a trackback to `post` as another blog would."""
    data = {
        "url": "https://other.example/2026/01/02/a-reply/",
        "title": "A reply",
        "excerpt": "I have thoughts about this.",
        "blog_name": "The Other Blog",
    }
    data.update(fields)
    data = {name: value for name, value in data.items() if value is not None}
    body = urlencode(data, encoding=charset or "utf-8").encode("ascii")
    if charset and content_type == FORM:
        content_type = f"{FORM}; charset={charset}"
    # generic() sends the bytes as they are, whatever charset the Content-Type names.
    return client.generic(
        "POST", trackback_url(post), body, content_type=content_type, REMOTE_ADDR=ip or fresh_ip()
    )


def send_with_charset_field(client, post, charset):
    """POST a trackback that names its charset in a form field, as some old clients do."""
    body = urlencode({"url": "https://other.example/", "title": "Hi", "charset": charset})
    return client.post(trackback_url(post), body, content_type=FORM, REMOTE_ADDR=fresh_ip())


def spec_answer(response):
    """(error, message) from the TrackBack XML answer."""
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "response"
    return root.findtext("error"), root.findtext("message")


def assert_refused(response, message_part):
    assert response.status_code == 200, response.content[:300]
    error, message = spec_answer(response)
    assert error == "1"
    assert message_part in message
    return message


def test_a_trackback_is_saved_as_a_trackback_and_answered_with_error_0(client):
    post = make_post()

    response = send_trackback(client, post, ip="203.0.113.9", HTTP_USER_AGENT="WordPress/6.8")

    assert response.status_code == 200
    assert spec_answer(response) == ("0", None)
    ping = Comment.objects.get()
    assert (ping.post, ping.kind) == (post, Comment.Kind.TRACKBACK)
    assert ping.author_name == "The Other Blog"
    assert ping.author_url == "https://other.example/2026/01/02/a-reply/"
    assert ping.author_email == ""
    assert ping.body == "<p><strong>A reply</strong></p><p>I have thoughts about this.</p>"
    assert str(ping.ip) == "203.0.113.9"


def test_without_a_blog_name_the_author_is_the_sending_host(client):
    send_trackback(client, make_post(), blog_name=None)

    assert Comment.objects.get().author_name == "other.example"


def test_a_trackback_without_url_is_refused(client):
    response = send_trackback(client, make_post(), url=None)

    assert_refused(response, "url")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://other.example/", "not a url"])
def test_a_trackback_with_a_url_that_is_not_http_is_refused(client, url):
    assert_refused(send_trackback(client, make_post(), url=url), "url")
    assert not Comment.objects.exists()


def test_a_trackback_to_a_post_with_pings_closed_is_refused(client):
    post = make_post(pings_open=False)

    assert_refused(send_trackback(client, post), "closed")
    assert not Comment.objects.exists()


def test_pings_close_with_comments_on_old_posts(client):
    set_rules(close_after_days=30)
    post = make_post(published_at=timezone.now() - timezone.timedelta(days=31))

    assert_refused(send_trackback(client, post), "closed")


def test_closed_comments_do_not_close_pings(client):
    post = make_post(comments_open=False)

    assert spec_answer(send_trackback(client, post)) == ("0", None)


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PENDING, Post.Status.PRIVATE])
def test_a_trackback_to_an_unpublished_post_is_refused(client, status):
    post = make_post(status=status)

    assert_refused(send_trackback(client, post), "no post")
    assert not Comment.objects.exists()


def test_a_trackback_to_a_scheduled_post_is_refused(client):
    post = make_post(published_at=timezone.now() + timezone.timedelta(days=1))

    assert_refused(send_trackback(client, post), "no post")


def test_a_trackback_to_an_unknown_post_is_refused(client):
    response = client.post(
        "/2020/01/01/no-such-post/trackback/",
        urlencode({"url": "https://other.example/"}),
        content_type=FORM,
        REMOTE_ADDR=fresh_ip(),
    )

    assert_refused(response, "no post")


def test_the_same_source_on_the_same_post_is_a_duplicate(client):
    post = make_post()
    assert spec_answer(send_trackback(client, post)) == ("0", None)

    response = send_trackback(client, post, title="Said again", excerpt="Different words")

    assert_refused(response, "already")
    assert Comment.objects.count() == 1


def test_the_same_source_may_ping_another_post(client):
    send_trackback(client, make_post())

    assert spec_answer(send_trackback(client, make_post())) == ("0", None)
    assert Comment.objects.count() == 2


def test_a_source_that_pingbacked_already_cannot_also_trackback(client):
    post = make_post()
    make_comment(
        post, kind=Comment.Kind.PINGBACK, author_url="https://other.example/2026/01/02/a-reply/"
    )

    assert_refused(send_trackback(client, post), "already")


def test_trackbacks_from_one_address_in_quick_succession_are_rate_limited(client):
    post = make_post()
    send_trackback(client, post, ip="203.0.113.7")

    response = send_trackback(client, post, ip="203.0.113.7", url="https://other.example/next/")

    assert_refused(response, "too quickly")
    assert Comment.objects.count() == 1


def test_trackbacks_past_the_rate_limit_are_refused_with_429_failed_ones_counted(
    client, rate_limit_clock_stopped
):
    post = make_post()
    for _ in range(incoming.PINGS_PER_MINUTE):
        assert_refused(send_trackback(client, post, ip="203.0.113.8", url="not a url"), "url")

    response = send_trackback(client, post, ip="203.0.113.8")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    error, message = spec_answer(response)
    assert error == "1" and "Too many trackbacks" in message
    assert not Comment.objects.exists()


def test_the_trackback_limit_counts_each_address_apart(client, rate_limit_clock_stopped):
    post = make_post()
    for _ in range(incoming.PINGS_PER_MINUTE + 1):
        send_trackback(client, post, ip="203.0.113.10", url="not a url")

    assert spec_answer(send_trackback(client, post, ip="203.0.113.11")) == ("0", None)


def test_a_get_is_answered_405_with_the_spec_error(client):
    response = client.get(trackback_url(make_post()))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    error, message = spec_answer(response)
    assert error == "1" and "POST" in message


def test_a_windows_1252_trackback_declared_in_content_type_is_decoded(client):
    response = send_trackback(
        client,
        make_post(),
        charset="windows-1252",
        title="Café “quoted”",
        excerpt="Naïve – déjà vu",
        blog_name="Blog de François",
    )

    assert spec_answer(response) == ("0", None)
    ping = Comment.objects.get()
    assert ping.author_name == "Blog de François"
    assert "Café “quoted”" in ping.body
    assert "Naïve – déjà vu" in ping.body


def test_an_iso_8859_1_trackback_declared_in_a_charset_field_is_decoded(client):
    post = make_post()
    body = urlencode(
        {
            "url": "https://other.example/fr/",
            "title": "Crème brûlée",
            "excerpt": "Très bien",
            "charset": "ISO-8859-1",
        },
        encoding="iso-8859-1",
    )

    response = client.post(trackback_url(post), body, content_type=FORM, REMOTE_ADDR=fresh_ip())

    assert spec_answer(response) == ("0", None)
    assert "Crème brûlée" in Comment.objects.get().body


def test_a_trackback_that_is_not_valid_in_its_charset_is_refused(client):
    latin = urlencode({"url": "https://other.example/", "title": "Crème"}, encoding="latin-1")

    response = client.post(
        trackback_url(make_post()),
        latin,
        content_type=f"{FORM}; charset=utf-8",
        REMOTE_ADDR=fresh_ip(),
    )

    assert_refused(response, "not valid utf-8")
    assert not Comment.objects.exists()


def test_a_trackback_in_an_unknown_charset_is_refused(client):
    response = send_trackback(
        client, make_post(), charset=None, content_type=f"{FORM}; charset=x-klingon"
    )

    assert_refused(response, "charset")


@pytest.mark.parametrize("charset", ["punycode", "undefined", "unicode_escape", "idna"])
def test_a_codec_that_is_not_a_web_charset_is_refused_in_content_type(client, charset):
    response = send_trackback(
        client, make_post(), charset=None, content_type=f"{FORM}; charset={charset}"
    )

    assert_refused(response, f"Unknown charset “{charset}”")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("charset", ["punycode", "undefined", "unicode_escape", "idna"])
def test_a_codec_that_is_not_a_web_charset_is_refused_in_a_charset_field(client, charset):
    response = send_with_charset_field(client, make_post(), charset)

    assert_refused(response, f"Unknown charset “{charset}”")
    assert not Comment.objects.exists()


def test_a_charset_field_with_a_nul_character_is_refused_in_well_formed_xml(client):
    response = send_with_charset_field(client, make_post(), "utf-8\x00")

    assert_refused(response, "Unknown charset “utf-8”")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("field", ["blog_name", "title", "excerpt"])
def test_nul_characters_in_a_trackback_field_are_left_out(client, field):
    response = send_trackback(client, make_post(), **{field: "Tea\x00 time"})

    assert spec_answer(response) == ("0", None)
    ping = Comment.objects.get()
    assert "\x00" not in ping.author_name + ping.body
    assert "Tea time" in ping.author_name + ping.body


def test_a_url_with_a_nul_character_is_refused(client):
    response = send_trackback(client, make_post(), url="https://other.example/\x00reply/")

    assert_refused(response, "url")
    assert not Comment.objects.exists()


def test_a_huge_excerpt_is_refused_cleanly_and_nothing_is_stored(client):
    response = send_trackback(client, make_post(), excerpt="x" * (10 * 1024 * 1024))

    assert_refused(response, "too large")
    assert not Comment.objects.exists()


def test_a_long_excerpt_is_stored_cut_short(client):
    send_trackback(client, make_post(), excerpt="word " * 200_000)

    ping = Comment.objects.get()
    assert len(ping.body) < 500
    assert ping.body.endswith("…</p>")


def test_markup_in_a_trackback_is_kept_as_text(client):
    send_trackback(
        client,
        make_post(),
        title="<script>alert(1)</script>Hi",
        excerpt='<a href="https://spam.example/">buy</a> <img src=x onerror=alert(1)>',
        blog_name="<b>Bold</b> blog",
    )

    ping = Comment.objects.get()
    assert "<script" not in ping.body and "<img" not in ping.body and "<a " not in ping.body
    assert ping.author_name == "Bold blog"


def test_a_trackback_with_a_block_word_is_spam(client):
    set_rules(block_words="casino")

    send_trackback(client, make_post(), excerpt="Best casino bonuses")

    ping = Comment.objects.get()
    assert ping.status == Comment.Status.SPAM
    assert "casino" in ping.moderation_reason


def test_a_trackback_with_a_moderation_word_is_held(client):
    set_rules(moderation_words="crypto", require_previous_approval=False)

    send_trackback(client, make_post(), excerpt="On crypto")

    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_first_trackback_from_a_site_is_held_and_a_later_one_from_it_approved(client):
    set_rules(require_previous_approval=True)
    first_post, second_post = make_post(), make_post()

    send_trackback(client, first_post, url="https://other.example/one/")
    first = Comment.objects.get()
    assert (first.status, first.moderation_reason) == (
        Comment.Status.PENDING,
        "first ping from this site",
    )
    first.set_status(Comment.Status.APPROVED)

    send_trackback(client, second_post, url="https://other.example/two/")

    assert Comment.objects.get(post=second_post).status == Comment.Status.APPROVED


def test_a_trackback_approved_by_the_rules_is_approved(client):
    set_rules(require_previous_approval=False)

    send_trackback(client, make_post())

    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_every_trackback_waits_when_every_response_must_be_approved(client):
    set_rules(comments_must_be_approved=True, require_previous_approval=False)

    send_trackback(client, make_post())

    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_new_trackback_tells_the_moderators(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_user("boss", superuser=True, email="boss@example.com")
    set_rules(require_previous_approval=True)

    with django_capture_on_commit_callbacks(execute=True):
        send_trackback(client, make_post())

    assert [m.to for m in mailoutbox] == [["boss@example.com"]]
    assert "moderate" in mailoutbox[0].subject.lower()


def test_trackbacks_need_no_csrf_token(client):
    strict = Client(enforce_csrf_checks=True)
    response = send_trackback(strict, make_post())

    assert spec_answer(response) == ("0", None)


def test_a_trackback_sent_as_multipart_is_refused_with_the_spec_error(client):
    response = client.post(
        trackback_url(make_post()),
        {"url": "https://other.example/"},
        REMOTE_ADDR=fresh_ip(),
    )

    assert_refused(response, "x-www-form-urlencoded")
    assert not Comment.objects.exists()
