"""The followers in the admin: counts, search, CSV export; and on a post, how many it went to."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import follows
from comments.follow_models import Follower
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

Status = Follower.Status
URL = "/admin/comments/follower/"


@pytest.fixture(autouse=True)
def mail_queued_at_once(monkeypatch):
    monkeypatch.setattr(follows, "enqueue_on_commit", lambda task, *args: task.enqueue(*args))


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("boss", superuser=True))
    return client


def make_followers(confirmed=0, pending=0, unsubscribed=0, prefix="f"):
    statuses = [Status.CONFIRMED] * confirmed + [Status.PENDING] * pending
    statuses += [Status.UNSUBSCRIBED] * unsubscribed
    Follower.objects.bulk_create(
        Follower(email=f"{prefix}{n}@example.com", status=status)
        for n, status in enumerate(statuses)
    )


def test_the_list_counts_confirmed_pending_and_unsubscribed_followers(admin_client):
    make_followers(confirmed=3, pending=2, unsubscribed=1)

    html = admin_client.get(URL).text

    assert "3 confirmed, 2 pending, 1 unsubscribed" in html
    assert "Confirmed (3)" in html and "Pending (2)" in html and "Unsubscribed (1)" in html
    assert "All (6)" in html


def test_the_list_filters_by_status(admin_client):
    make_followers(confirmed=1, pending=1)

    html = admin_client.get(URL, {"status": "pending"}).text

    assert "f1@example.com" in html and "f0@example.com" not in html


def test_the_list_searches_by_address(admin_client):
    Follower.objects.create(email="ann@example.com")
    Follower.objects.create(email="bob@example.org")

    html = admin_client.get(URL, {"q": "example.org"}).text

    assert "bob@example.org" in html and "ann@example.com" not in html


def test_the_selected_followers_export_as_csv(admin_client):
    make_followers(confirmed=2, pending=1)
    Follower.objects.create(email="=cmd@example.com", status=Status.CONFIRMED)
    selected = list(Follower.objects.values_list("pk", flat=True))

    response = admin_client.post(URL, {"action": "export_csv", "_selected_action": selected})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "status", "account", "created", "confirmed", "unsubscribed"]
    assert sorted(row[0] for row in rows[1:]) == [
        "'=cmd@example.com",
        "f0@example.com",
        "f1@example.com",
        "f2@example.com",
    ]
    assert {row[1] for row in rows[1:]} == {"confirmed", "pending"}


def test_followers_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(f"{URL}add/").status_code == 403


def test_the_list_runs_as_many_queries_for_ten_followers_as_for_three_hundred(admin_client):
    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(URL).status_code == 200
        return len(queries)

    make_followers(confirmed=8, pending=2)
    for follower in Follower.objects.all()[:5]:
        follower.user = make_user()
        follower.save()
    few = queries_for_list()
    make_followers(confirmed=200, pending=60, unsubscribed=30, prefix="many")

    assert queries_for_list() == few


def test_the_list_query_count_is_pinned(admin_client, django_assert_max_num_queries):
    make_followers(confirmed=150, pending=40, unsubscribed=10)

    with django_assert_max_num_queries(11):
        admin_client.get(URL)


def test_a_posts_screen_shows_how_many_followers_it_was_mailed_to(admin_client, mailoutbox):
    make_followers(confirmed=3, pending=1)
    post = make_post()

    html = admin_client.get(f"/admin/posts/post/{post.pk}/change/").text

    assert "Mailed to followers" in html and "3 followers" in html
