"""Rules that must hold under real concurrency: many requests at once against a live server.

Each test fires its requests from threads released together by a barrier, at a
server whose request threads each have their own PostgreSQL connection; the
flood, duplicate and counting rules must come out exactly as if the requests
had come one by one.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection
from django.test import Client

from comments.models import Comment
from likes.models import Like
from posts.models import Post
from tests.comments.helpers import set_rules
from tests.conftest import make_post, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrency needs PostgreSQL (SQLite lets one writer in at a time)",
    ),
]

PARALLEL = 30


def all_at_once(count, prepare, send):
    """Run `prepare(n)` for each of `count` senders, then `send(n, prepared)` all together."""
    prepared = [prepare(n) for n in range(count)]
    barrier = threading.Barrier(count)

    def go(n):
        barrier.wait(timeout=30)
        return send(n, prepared[n])

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(go, range(count)))


def comment_sender(live_server, post, *, body, name="Ann Reader", email="ann@example.com"):
    """(prepare, send) for the comment form as a browser posts it, token fetched first."""

    def prepare(n):
        session = requests.Session()
        token = session.get(
            f"{live_server.url}/comments/form-token/", params={"post": post.pk}, timeout=30
        ).json()
        return session, token

    def send(n, prepared):
        session, token = prepared
        data = {
            "post": post.pk,
            "body": body(n),
            "author_name": name,
            "author_email": email,
            "timestamp": token["timestamp"],
            "csrfmiddlewaretoken": token["csrf"],
        }
        headers = {"X-Forwarded-For": f"203.0.113.{n + 1}"}
        response = session.post(
            f"{live_server.url}/comments/post/",
            data=data,
            headers=headers,
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    return prepare, send


def test_a_flood_from_one_address_saves_exactly_one_comment(live_server):
    post = make_post()
    prepare, send = comment_sender(live_server, post, body=lambda n: f"<p>Comment number {n}</p>")

    statuses = all_at_once(PARALLEL, prepare, send)

    assert Comment.objects.filter(post=post).count() == 1
    assert sorted(statuses) == [302] + [429] * (PARALLEL - 1)


def test_the_same_comment_sent_many_times_at_once_is_saved_once(live_server, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # each sender its own address: the flood rule stays out
    post = make_post()
    prepare, send = comment_sender(live_server, post, body=lambda n: "<p>Same words</p>")

    statuses = all_at_once(PARALLEL, prepare, send)

    assert Comment.objects.filter(post=post).count() == 1
    assert sorted(statuses) == [302] + [409] * (PARALLEL - 1)


def test_the_comment_count_is_exact_after_many_approved_comments_at_once(live_server, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    set_rules(require_previous_approval=False)
    post = make_post()
    prepare, send = comment_sender(
        live_server,
        post,
        body=lambda n: f"<p>Different words, number {n}</p>",
    )

    statuses = all_at_once(PARALLEL, prepare, send)

    assert statuses == [302] * PARALLEL
    approved = Comment.objects.filter(post=post, status=Comment.Status.APPROVED).count()
    assert approved == PARALLEL
    assert Post.objects.get(pk=post.pk).comment_count == PARALLEL


def test_the_like_count_is_exact_after_many_likes_at_once(live_server):
    post = make_post()

    def prepare(n):
        browser = Client()
        browser.force_login(make_user(f"liker{n}"))
        session = requests.Session()
        session.cookies.set("sessionid", browser.cookies["sessionid"].value)
        token = session.get(f"{live_server.url}/likes/token/", timeout=30).json()["csrf"]
        return session, token

    def send(n, prepared):
        session, token = prepared
        response = session.post(
            f"{live_server.url}/likes/{post.pk}/",
            data={"action": "like", "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    statuses = all_at_once(PARALLEL, prepare, send)

    assert statuses == [302] * PARALLEL
    assert Like.objects.filter(post=post).count() == PARALLEL
    assert Post.objects.get(pk=post.pk).like_count == PARALLEL
