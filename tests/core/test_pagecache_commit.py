"""A page read while a change is being written is never kept past the commit."""

import threading

import pytest
import requests
from django.db import connection, transaction

from posts.models import Post
from tests.conftest import make_post

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a reader that can read while a writer's transaction is open",
    ),
]


def test_a_reader_during_a_writers_open_transaction_never_gets_a_stale_page_after(live_server):
    post = make_post("Old title")
    url = live_server.url + post.get_absolute_url()
    saved, read = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                changed = Post.objects.get(pk=post.pk)
                changed.title = "New title"
                changed.save()
                saved.set()
                read.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert saved.wait(timeout=30)
    during = requests.get(url, timeout=30)  # the old rows, stored in the cache
    read.set()
    thread.join(timeout=30)
    after = [requests.get(url, timeout=30) for _ in range(2)]

    assert "Old title" in during.text
    assert all("New title" in page.text for page in after)
    assert after[1].headers["X-Page-Cache"] == "hit"


def test_a_page_rendered_across_the_commit_is_not_stored_under_the_new_version(
    live_server, monkeypatch
):
    """The reader reads the old row, the writer commits, the reader finishes rendering:
    that page must not be kept, or it would pass for current under the moved keys."""
    from posts import views

    post = make_post("Old title")
    url = live_server.url + post.get_absolute_url()
    requests.get(live_server.url + "/", timeout=30)  # the keys every page shows exist
    read_the_row, committed = threading.Event(), threading.Event()
    original = views.PostDetailView.get_context_data

    def slow_render(self, **kwargs):
        if threading.current_thread().name != "MainThread" and not committed.is_set():
            read_the_row.set()
            committed.wait(timeout=30)
        return original(self, **kwargs)

    monkeypatch.setattr(views.PostDetailView, "get_context_data", slow_render)
    answers = {}
    reader = threading.Thread(target=lambda: answers.update(during=requests.get(url, timeout=30)))
    reader.start()
    assert read_the_row.wait(timeout=30)
    with transaction.atomic():
        changed = Post.objects.get(pk=post.pk)
        changed.title = "New title"
        changed.save()
    committed.set()
    reader.join(timeout=30)
    connection.close()

    assert "Old title" in answers["during"].text
    # Nor may a front-end cache keep it: the purge after the commit may have come first.
    assert answers["during"].headers["Surrogate-Control"] == "no-store"
    after = requests.get(url, timeout=30)
    assert after.headers["X-Page-Cache"] == "miss"
    assert "New title" in after.text
