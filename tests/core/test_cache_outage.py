"""A cache server that dies or hangs costs speed, never availability or freshness.

Each test starts its own redis-server on a free loopback port (never the shared
one), points the cache at it, and kills or freezes it.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from comments.models import Comment
from core import cache as resilient
from core import pagecache
from tests.comments.helpers import post_comment
from tests.conftest import make_post, make_user
from tests.likes.helpers import press

LOGIN = "/accounts/login/"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is missing"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free loopback port, to kill, freeze and restart."""

    def __init__(self, directory):
        self.port, self.directory, self.process = free_port(), directory, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def freeze(self):
        """Alive, keeping its data, answering nothing (as behind a network partition)."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process.poll() is None:
            self.thaw()
            self.kill()


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    caches = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=caches):
        yield server
    server.stop()


@pytest.fixture
def no_retry_pause(monkeypatch):
    """Try the cache again at once after a failure, so a test sees the recovery now."""
    monkeypatch.setattr(resilient, "RETRY_AFTER", 0)


def test_with_the_cache_server_killed_every_kind_of_page_still_answers(
    client, redis_server, caplog
):
    post = make_post("Still here")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    redis_server.kill()
    reader = make_user("reader")

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        pages = {
            url: client.get(url).status_code
            for url in (
                "/",
                post.get_absolute_url(),
                "/feed/",
                "/search/?q=still",
                "/accounts/login/",
            )
        }
        commented = post_comment(client, post, body="Written while the cache was away").status_code
        client.force_login(reader)
        liked = press(client, post).status_code

    assert pages == dict.fromkeys(pages, 200)
    assert commented == 302 and Comment.objects.filter(post=post).count() == 1
    assert liked == 302 and post.likes.count() == 1
    outages = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outages) == 1, "the outage is logged once, not per request"


def test_a_change_made_while_the_cache_hung_shows_when_it_answers_again(
    client, redis_server, monkeypatch
):
    """The version could not move during the outage; pages from before it must not return."""
    monkeypatch.setattr(resilient, "RETRY_AFTER", 0.5)
    post = make_post("Before the outage")
    client.get(post.get_absolute_url())
    assert client.get(post.get_absolute_url())["X-Page-Cache"] == "hit"

    redis_server.freeze()
    during = client.get(post.get_absolute_url())  # times out once; then the cache is let be
    post.title = "Changed during the outage"
    post.save()  # the version cannot move now: the write is not even sent
    redis_server.thaw()
    time.sleep(0.6)
    after = client.get(post.get_absolute_url())

    assert during.status_code == 200 and "Before the outage" in during.text
    assert "Changed during the outage" in after.text
    assert "Before the outage" not in after.text


def test_a_restarted_cache_server_is_used_again(client, redis_server, no_retry_pause):
    make_post()
    redis_server.kill()
    assert client.get("/").status_code == 200
    redis_server.start()

    # The restarted cache holds no key versions: the first page rendered is not kept
    # (a lost version must not let an older page pass), the next one is.
    answers = [client.get("/")["X-Page-Cache"] for _ in range(3)]
    assert answers[-1] == "hit"
    assert cache.get(pagecache.CLOCK) is not None
