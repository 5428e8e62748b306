"""After a change commits, the front-end caches hear which keys to purge, and hear it again
if they missed it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from core import pagecache, purge
from likes.models import Like
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)


class FrontEnd(BaseHTTPRequestHandler):
    """A stand-in for Varnish: records each PURGE, failing the first `failures` of them."""

    def do_PURGE(self):
        server = self.server
        server.purges.append(self.headers.get("xkey-purge", ""))
        failing = len(server.purges) <= server.failures
        self.send_response(503 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_end(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FrontEnd)
    server.purges, server.failures = [], 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FRONTEND_CACHE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield server
    server.shutdown()
    server.server_close()


def test_a_change_purges_exactly_its_keys_after_the_commit(front_end):
    post, reader = make_post(), make_user()
    front_end.purges.clear()
    with transaction.atomic():
        Like.objects.like(post, reader)
        assert front_end.purges == []  # nothing before the commit
    assert front_end.purges == [f"any likes:{post.pk}"]


def test_one_transaction_sends_one_purge_for_all_it_changed(front_end):
    one, two, reader = make_post(), make_post(), make_user()
    front_end.purges.clear()
    with transaction.atomic():
        Like.objects.like(one, reader)
        Like.objects.like(two, reader)
    assert len(front_end.purges) == 1
    assert set(front_end.purges[0].split()) == {"any", f"likes:{one.pk}", f"likes:{two.pk}"}


def test_a_rolled_back_change_purges_nothing(front_end):
    post, reader = make_post(), make_user()
    front_end.purges.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        Like.objects.like(post, reader)
        raise RuntimeError
    assert front_end.purges == []


def test_changed_without_keys_purges_every_page(front_end):
    pagecache.changed()
    assert front_end.purges == ["all"]


def test_a_purge_the_cache_did_not_take_is_sent_again(front_end):
    front_end.failures = 2
    pagecache.changed("post:1")
    assert front_end.purges == ["any post:1"] * 3


def test_the_purge_gives_up_after_its_attempts(front_end):
    front_end.failures = 100
    pagecache.changed("post:1")
    assert len(front_end.purges) == purge.PURGE_ATTEMPTS


def test_an_unreachable_cache_does_not_fail_the_change(settings, client):
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9/"]
    post = make_post("Still saved")
    assert "Still saved" in client.get(post.get_absolute_url()).text


def test_without_front_end_caches_nothing_is_sent(settings, monkeypatch):
    settings.FRONTEND_CACHE_URLS = []
    sent = []
    monkeypatch.setattr(purge, "send_purge", lambda url, keys: sent.append(keys))
    make_post()
    assert sent == []
