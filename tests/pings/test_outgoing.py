"""Pings out: publishing tells the blogs a post links to, once each, and never waits on them."""

import time

import pytest
from django.conf import settings
from django.tasks import default_task_backend
from django.utils import timezone

from pings import outgoing
from pings.models import OutgoingPing
from posts.models import Post
from tests.conftest import make_post
from tests.other_blog import our_url

pytestmark = pytest.mark.django_db

Result = OutgoingPing.Result


@pytest.fixture
def blog(other_blog, private_addresses_allowed):
    """The other blog, with a pingback server, reachable on 127.0.0.1 in these tests."""
    other_blog.pingback_server("/xmlrpc.php")
    return other_blog


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Save a post as the admin does, and run what waits for the commit (the task runs inline)."""

    def publish(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_post(**fields)

    return publish


@pytest.fixture
def save(django_capture_on_commit_callbacks):
    def save(post):
        with django_capture_on_commit_callbacks(execute=True):
            post.save()
        return post

    return save


@pytest.fixture
def queue_only(settings):
    """Tasks are queued and not run, as in production where a worker runs them later."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def link(url, text="this"):
    return f'<a href="{url}">{text}</a>'


def attempts(post):
    return {a.target_url: (a.kind, a.result) for a in OutgoingPing.objects.filter(post=post)}


def test_publishing_pings_a_linked_page_that_names_its_server_in_x_pingback(blog, publish):
    page = blog.page(
        "/their-post/", "<p>Theirs</p>", headers={"X-Pingback": blog.url("/xmlrpc.php")}
    )

    post = publish(body=f"<p>I liked {link(page)}.</p>")

    assert blog.pingbacks == [{"method": "pingback.ping", "source": our_url(post), "target": page}]
    attempt = OutgoingPing.objects.get(post=post)
    assert (attempt.target_url, attempt.kind, attempt.result) == (
        page,
        OutgoingPing.Kind.PINGBACK,
        Result.SENT,
    )
    assert attempt.endpoint == blog.url("/xmlrpc.php")
    assert attempt.message == "Pingback registered."
    assert attempt.finished is not None


def test_a_server_named_in_a_link_element_is_found_too(blog, publish):
    page = blog.page(
        "/linked/",
        '<html><head><link rel="pingback" href="/xmlrpc.php"></head><body>Hi</body></html>',
    )

    post = publish(body=f"<p>{link(page)}</p>")

    assert [p["target"] for p in blog.pingbacks] == [page]
    assert attempts(post) == {page: (OutgoingPing.Kind.PINGBACK, Result.SENT)}


def test_a_page_without_a_pingback_server_is_recorded_as_such(blog, publish):
    page = blog.page("/plain/", "<p>No server here</p>")

    post = publish(body=f"<p>{link(page)}</p>")

    assert blog.pingbacks == []
    assert attempts(post) == {page: (OutgoingPing.Kind.PINGBACK, Result.NO_SERVER)}


def test_trackback_urls_get_a_trackback_post(blog, publish):
    receiver = blog.trackback_receiver("/their-post/trackback/")

    post = publish(
        title="My answer",
        body="<p>A long answer to your post.</p>",
        trackback_urls=f"{receiver}\n",
    )

    assert blog.trackbacks == [
        {
            "url": our_url(post),
            "title": "My answer",
            "excerpt": "A long answer to your post.",
            "blog_name": settings.BLOG_TITLE,
        }
    ]
    request = blog.requests_to("/their-post/trackback/")[0]
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8"
    assert attempts(post) == {receiver: (OutgoingPing.Kind.TRACKBACK, Result.SENT)}


def test_a_refused_trackback_is_recorded_with_its_message(blog, publish):
    receiver = blog.trackback_receiver("/closed/trackback/", error="Trackbacks are closed")

    post = publish(trackback_urls=receiver)

    attempt = OutgoingPing.objects.get(post=post)
    assert attempt.result == Result.FAILED
    assert "Trackbacks are closed" in attempt.message


def test_every_link_and_trackback_url_is_pinged_once_in_one_go(blog, publish):
    server = {"X-Pingback": blog.url("/xmlrpc.php")}
    first = blog.page("/one/", "1", headers=server)
    second = blog.page("/two/", "2", headers=server)
    receiver = blog.trackback_receiver("/tb/")

    post = publish(
        body=f"<p>{link(first)} {link(second)} {link(first, 'again')} {link(first + '#frag')}</p>",
        trackback_urls=receiver,
    )

    assert sorted(p["target"] for p in blog.pingbacks) == [first, second]
    assert len(blog.trackbacks) == 1
    assert len(attempts(post)) == 3


def test_saving_the_post_again_pings_nobody_twice(blog, publish, save):
    page = blog.page("/once/", "x", headers={"X-Pingback": blog.url("/xmlrpc.php")})
    receiver = blog.trackback_receiver("/tb-once/")
    post = publish(body=f"<p>{link(page)}</p>", trackback_urls=receiver)

    post.title = "Edited title"
    save(post)
    save(post)

    assert len(blog.pingbacks) == 1
    assert len(blog.trackbacks) == 1
    assert OutgoingPing.objects.filter(post=post).count() == 2


def test_an_edit_that_adds_a_link_pings_only_the_new_link(blog, publish, save):
    server = {"X-Pingback": blog.url("/xmlrpc.php")}
    old = blog.page("/old/", "x", headers=server)
    new = blog.page("/new/", "y", headers=server)
    post = publish(body=f"<p>{link(old)}</p>")

    post.body += f"<p>Update: {link(new)}</p>"
    save(post)

    assert [p["target"] for p in blog.pingbacks] == [old, new]
    assert set(attempts(post)) == {old, new}


def test_a_failed_ping_is_not_tried_again_on_the_next_save(blog, publish, save):
    page = blog.page("/fails/", "x", headers={"X-Pingback": blog.url("/broken-xmlrpc")})
    blog.page("/broken-xmlrpc", "oops", status=500)
    post = publish(body=f"<p>{link(page)}</p>")

    save(post)

    assert len(blog.requests_to("/broken-xmlrpc")) == 1
    attempt = OutgoingPing.objects.get(post=post)
    assert attempt.result == Result.FAILED and "500" in attempt.message


def test_a_draft_pings_nobody_until_it_is_published(blog, publish, save):
    page = blog.page("/later/", "x", headers={"X-Pingback": blog.url("/xmlrpc.php")})
    post = publish(status=Post.Status.DRAFT, body=f"<p>{link(page)}</p>")
    assert blog.requests == []

    post.status = Post.Status.PUBLISHED
    save(post)

    assert [p["target"] for p in blog.pingbacks] == [page]


def test_a_fault_from_their_server_is_recorded(other_blog, private_addresses_allowed, publish):
    other_blog.pingback_server("/xmlrpc.php", fault=(17, "No link to you here"))
    page = other_blog.page("/p/", "x", headers={"X-Pingback": other_blog.url("/xmlrpc.php")})

    post = publish(body=f"<p>{link(page)}</p>")

    attempt = OutgoingPing.objects.get(post=post)
    assert attempt.result == Result.FAILED
    assert attempt.message == "fault 17: No link to you here"


def test_a_slow_server_fails_its_ping_and_the_post_is_published_all_the_same(
    blog, publish, short_timeout
):
    slow = blog.hanging("/slow/")
    fine = blog.page("/fine/", "x", headers={"X-Pingback": blog.url("/xmlrpc.php")})
    started = time.monotonic()

    post = publish(body=f"<p>{link(slow)} {link(fine)}</p>")

    assert time.monotonic() - started < short_timeout + 3
    assert Post.objects.published().filter(pk=post.pk).exists()
    assert attempts(post)[slow] == (OutgoingPing.Kind.PINGBACK, Result.FAILED)
    assert "in time" in OutgoingPing.objects.get(target_url=slow).message
    assert attempts(post)[fine] == (OutgoingPing.Kind.PINGBACK, Result.SENT)


def test_a_server_that_refuses_connections_fails_its_ping_only(blog, publish):
    dead = "http://127.0.0.1:9/nobody-listens/"
    fine = blog.page("/alive/", "x", headers={"X-Pingback": blog.url("/xmlrpc.php")})

    post = publish(body=f"<p>{link(dead)} {link(fine)}</p>")

    assert attempts(post) == {
        dead: (OutgoingPing.Kind.PINGBACK, Result.FAILED),
        fine: (OutgoingPing.Kind.PINGBACK, Result.SENT),
    }


def test_an_unexpected_error_with_one_target_does_not_stop_the_others(blog, publish, monkeypatch):
    fine = blog.trackback_receiver("/tb-fine/")
    real = outgoing.send_trackback

    def explode_once(post, source, url):
        if url.endswith("/explode/"):
            raise RuntimeError("boom")
        return real(post, source, url)

    monkeypatch.setattr(outgoing, "send_trackback", explode_once)

    post = publish(trackback_urls=f"{blog.url('/explode/')}\n{fine}")

    assert attempts(post)[blog.url("/explode/")][1] == Result.FAILED
    assert attempts(post)[fine][1] == Result.SENT


def test_private_addresses_are_not_pinged_without_the_setting(publish, connections):
    post = publish(
        body=f"<p>{link('http://10.0.0.1/admin/')} {link('http://169.254.169.254/')}</p>",
        trackback_urls="http://192.168.1.1/trackback/",
    )

    assert connections == []
    assert {a.result for a in OutgoingPing.objects.filter(post=post)} == {Result.FAILED}
    assert all("private" in a.message for a in OutgoingPing.objects.filter(post=post))


def test_links_to_this_site_and_non_web_links_are_not_pinged(publish):
    other_post = make_post()

    post = publish(
        body=f"<p>{link(our_url(other_post))} {link('/relative/')} "
        f"{link('mailto:me@example.com')} {link('#top')}</p>"
    )

    assert not OutgoingPing.objects.filter(post=post).exists()


def queued_pings():
    """The ping tasks in the queue (publishing queues other apps' work too: follower mail)."""
    return [r for r in default_task_backend.results if r.task.func is outgoing.send_pings.func]


def test_publishing_only_queues_the_pings(blog, queue_only, django_capture_on_commit_callbacks):
    page = blog.page("/q/", "x", headers={"X-Pingback": blog.url("/xmlrpc.php")})

    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(body=f"<p>{link(page)}</p>")

    assert blog.requests == []
    (queued,) = queued_pings()
    assert queued.args == [post.pk]


def test_nothing_is_queued_when_nothing_is_left_to_ping(
    queue_only, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        make_post(body="<p>No links at all.</p>")

    assert queued_pings() == []


def test_a_scheduled_post_pings_when_its_time_comes(
    blog, queue_only, django_capture_on_commit_callbacks
):
    page = blog.page("/future/", "x", headers={"X-Pingback": blog.url("/xmlrpc.php")})
    when = timezone.now() + timezone.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        make_post(published_at=when, body=f"<p>{link(page)}</p>")

    (queued,) = queued_pings()
    assert queued.task.run_after == when


def test_a_queue_that_cannot_be_reached_does_not_stop_publishing(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    class UnreachableQueue:
        def enqueue(self, *args):
            raise ConnectionError("queue is down")

    monkeypatch.setattr(outgoing, "send_pings", UnreachableQueue())

    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(body='<p><a href="https://example.com/">x</a></p>')

    assert Post.objects.published().filter(pk=post.pk).exists()
    assert "queue is down" in caplog.text


def test_the_post_admin_shows_the_pings_sent(blog, publish, admin_client):
    page = blog.page("/shown/", "x", headers={"X-Pingback": blog.url("/xmlrpc.php")})
    post = publish(body=f"<p>{link(page)}</p>")

    response = admin_client.get(f"/admin/posts/post/{post.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Trackbacks, pingbacks and Webmentions sent" in html
    assert page in html
    assert "Accepted" in html
    assert "outgoing_pings-TOTAL_FORMS" not in html, "a record, not a form"
