"""Each cached page carries the keys of what it shows: a change misses only the pages that
show it, and every page that shows it."""

import pytest
from django.contrib.redirects.models import Redirect
from django.test import Client
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from core import pagecache
from likes.models import Like
from posts.models import Post
from tests.comments.helpers import make_comment
from tests.conftest import make_category, make_post, make_tag, make_user

pytestmark = pytest.mark.django_db


def warm(client, *urls):
    """Fetch each page until it is served from the cache."""
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def state(client, url):
    return client.get(url)["X-Page-Cache"]


@pytest.fixture
def two_posts():
    """Post A in one category, post B (older) in another: neither page shows the other."""
    old = timezone.now() - timezone.timedelta(days=400)
    b = make_post("Post B", categories=[make_category("Bees")], published_at=old)
    a = make_post("Post A", categories=[make_category("Ants")])
    return a, b


def test_a_like_on_a_post_leaves_other_posts_pages_cached(client, two_posts):
    a, b = two_posts
    warm(client, a.get_absolute_url(), b.get_absolute_url(), "/category/bees/", "/category/ants/")

    Like.objects.like(a, make_user())

    assert state(client, b.get_absolute_url()) == "hit"
    assert state(client, "/category/bees/") == "hit"
    assert state(client, "/category/ants/") == "miss"  # A's card shows its likes
    page = client.get(a.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "1 blogger likes this" in page.text or "1 like" in page.text


def test_an_approved_comment_on_a_post_leaves_other_posts_pages_cached(client, two_posts):
    a, b = two_posts
    held = make_comment(a, body="<p>Now approved</p>", status=Comment.Status.PENDING)
    warm(client, a.get_absolute_url(), b.get_absolute_url(), "/category/bees/")

    held.set_status(Comment.Status.APPROVED)

    assert state(client, b.get_absolute_url()) == "hit"
    assert state(client, "/category/bees/") == "hit"
    assert "Now approved" in client.get(a.get_absolute_url()).text
    assert "1 Comment" in client.get("/category/ants/").text


def test_a_hundred_likes_on_one_post_leave_the_other_post_cached(client, two_posts):
    a, b = two_posts
    warm(client, b.get_absolute_url())
    readers = [make_user() for _ in range(5)]
    answers = []
    for n in range(100):
        reader = readers[n % 5]
        if n % 2:
            Like.objects.unlike(a, reader)
        else:
            Like.objects.like(a, reader)
        answers.append(state(client, b.get_absolute_url()))
    assert answers == ["hit"] * 100


def test_a_sign_up_leaves_every_page_cached(client, two_posts):
    a, b = two_posts
    warm(client, "/", a.get_absolute_url())
    make_user("newcomer")
    assert state(client, "/") == "hit"
    assert state(client, a.get_absolute_url()) == "hit"


def test_the_pages_name_their_keys_for_front_end_caches(client, two_posts):
    a, _ = two_posts
    response = client.get(a.get_absolute_url())
    keys = response["xkey"].split()
    assert {f"post:{a.pk}", f"comments:{a.pk}", f"likes:{a.pk}", "all", "widgets"} <= set(keys)
    assert response["Surrogate-Key"] == response["Cache-Tag"] == response["xkey"]
    assert response["Surrogate-Control"].startswith("max-age=")
    hit = client.get(a.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit" and hit["xkey"] == response["xkey"]


# Every kind of change is on the next anonymous GET of every page that shows it.


def test_an_unpublished_post_leaves_home_its_lists_and_the_feed(client, two_posts):
    a, b = two_posts
    warm(client, "/", "/category/ants/", "/feed/", b.get_absolute_url())
    a.status = Post.Status.DRAFT
    a.save()
    for url in ("/", "/category/ants/", "/feed/"):
        assert "Post A" not in client.get(url).text, url
    assert client.get(a.get_absolute_url()).status_code == 404


def test_a_deleted_post_leaves_home_its_lists_and_the_widgets(client, two_posts):
    a, _ = two_posts
    warm(client, "/", "/category/ants/", "/feed/")
    a.delete()
    assert "Post A" not in client.get("/").text
    assert "Post A" not in client.get("/category/ants/").text
    assert "Ants</a> (1)" not in client.get("/").text
    assert "Post A" not in client.get("/feed/").text


def test_an_edited_title_shows_on_every_page_that_shows_the_post(client, two_posts):
    a, b = two_posts
    tag = make_tag("shared")
    a.tags.add(tag)
    b.tags.add(tag)
    local = timezone.localtime(a.published_at)
    urls = ["/", "/category/ants/", "/tag/shared/", "/feed/", f"/{local:%Y}/{local:%m}/"]
    warm(client, *urls, b.get_absolute_url())
    a.title = "Post A renamed"
    a.save()
    for url in [*urls, b.get_absolute_url()]:  # B's page links to A as related and next
        assert "Post A renamed" in client.get(url).text, url


def test_a_newly_published_post_shows_as_the_next_post_of_the_one_before(client, two_posts):
    a, _ = two_posts
    warm(client, a.get_absolute_url())
    make_post("Newest of all")
    assert "Newest of all" in client.get(a.get_absolute_url()).text


def test_a_renamed_category_shows_on_its_posts_and_its_child_categories(client):
    parent = make_category("Parent")
    child = make_category("Child", parent=parent)
    post = make_post(categories=[child])
    warm(client, post.get_absolute_url(), child.get_absolute_url())
    parent.name = "Renamed parent"
    parent.save()
    assert "Renamed parent" in client.get(post.get_absolute_url()).text
    assert "Renamed parent" in client.get(child.get_absolute_url()).text


def test_a_post_filed_under_a_category_joins_its_page_and_its_parents(client):
    parent = make_category("Parent")
    child = make_category("Child", parent=parent)
    make_post("Already there", categories=[parent])
    post = make_post("Filed later")
    warm(client, child.get_absolute_url(), parent.get_absolute_url())
    post.categories.add(child)
    assert "Filed later" in client.get(child.get_absolute_url()).text
    assert "Filed later" in client.get(parent.get_absolute_url()).text


def test_a_tag_cleared_from_a_post_leaves_the_tag_page(client):
    tag = make_tag("going")
    make_post("Stays", tags=[tag])
    post = make_post("Leaves", tags=[tag])
    warm(client, "/tag/going/")
    post.tags.clear()
    page = client.get("/tag/going/").text
    assert "Leaves" not in page and "Stays" in page


def test_a_renamed_tag_shows_in_its_feed(client):
    tag = make_tag("oldname")
    make_post(tags=[tag])
    warm(client, "/feed/")
    tag.name = "newname"
    tag.save()
    assert "newname" in client.get("/feed/").text


def test_an_author_renamed_shows_on_their_posts(client, author):
    post = make_post(author=author)
    warm(client, post.get_absolute_url(), "/")
    author.first_name, author.last_name = "Renamed", "Writer"
    author.save()
    assert "Renamed Writer" in client.get(post.get_absolute_url()).text
    assert "Renamed Writer" in client.get("/").text


def test_a_comment_marked_spam_disappears_at_once(client, two_posts):
    a, _ = two_posts
    comment = make_comment(a, body="<p>Actually spam</p>")
    warm(client, a.get_absolute_url(), "/comments/feed/")
    comment.set_status(Comment.Status.SPAM)
    assert "Actually spam" not in client.get(a.get_absolute_url()).text
    assert "Actually spam" not in client.get("/comments/feed/").text


def test_a_deleted_comment_leaves_the_post_comments_feed(client, two_posts):
    a, _ = two_posts
    comment = make_comment(a, body="<p>Deleted soon</p>")
    feed = f"{a.get_absolute_url()}feed/"
    warm(client, feed)
    comment.delete()
    assert "Deleted soon" not in client.get(feed).text


def test_an_approved_ping_shows_at_once(client, two_posts):
    a, b = two_posts
    warm(client, a.get_absolute_url(), b.get_absolute_url())
    make_comment(
        a,
        kind=Comment.Kind.PINGBACK,
        author_name="Another blog",
        author_url="https://other.example/post/",
        body="<p>[…] linked here […]</p>",
    )
    assert "Another blog" in client.get(a.get_absolute_url()).text
    assert state(client, b.get_absolute_url()) == "hit"


def test_changed_settings_show_on_every_post(client, two_posts):
    a, b = two_posts
    warm(client, a.get_absolute_url(), b.get_absolute_url())
    rules = DiscussionSettings.load()
    rules.close_after_days = 30
    rules.save()
    assert "Comments are closed." in client.get(b.get_absolute_url()).text
    assert "Comments are closed." not in client.get(a.get_absolute_url()).text


def test_a_model_watched_without_keys_still_misses_every_page(client, two_posts):
    a, _ = two_posts
    warm(client, "/", a.get_absolute_url())
    Redirect.objects.create(site_id=1, old_path="/old/", new_path="/new/")
    assert state(client, "/") == "miss"
    assert state(client, a.get_absolute_url()) == "miss"


def test_a_page_that_declares_no_keys_misses_on_any_change(client, two_posts):
    a, _ = two_posts
    warm(client, "/robots.txt")
    assert client.get("/robots.txt")["xkey"] == "all any"
    Like.objects.like(a, make_user())
    assert state(client, "/robots.txt") == "miss"


def test_changed_without_keys_moves_every_page(client, two_posts):
    a, _ = two_posts
    warm(client, "/", a.get_absolute_url())
    pagecache.changed()
    assert state(client, "/") == "miss"
    assert state(client, a.get_absolute_url()) == "miss"


# Content that changes by itself changes the page when its time comes.


def test_a_post_loses_its_comment_form_on_the_day_its_comments_close(client, monkeypatch):
    rules = DiscussionSettings.load()
    rules.close_after_days = 10
    rules.save()
    post = make_post(published_at=timezone.now() - timezone.timedelta(days=9, hours=12))
    page = client.get(post.get_absolute_url())
    assert "Comments are closed." not in page.text
    assert client.get(post.get_absolute_url())["X-Page-Cache"] == "hit"
    lifetime = int(page["Surrogate-Control"].removeprefix("max-age="))
    assert 11 * 3600 < lifetime <= 12 * 3600  # a front-end cache keeps it no longer either

    later = timezone.now() + timezone.timedelta(hours=13)
    monkeypatch.setattr(pagecache, "now", lambda: later)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(post.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Comments are closed." in response.text


def test_a_page_shown_before_a_scheduled_post_lives_no_longer_than_until_then(client):
    make_post("Out")
    make_post("Later", published_at=timezone.now() + timezone.timedelta(minutes=30))
    lifetime = int(client.get("/")["Surrogate-Control"].removeprefix("max-age="))
    assert 25 * 60 < lifetime <= 30 * 60


def test_signed_in_pages_carry_no_keys(client, two_posts):
    a, _ = two_posts
    reader = Client()
    reader.force_login(make_user())
    response = reader.get(a.get_absolute_url())
    assert "xkey" not in response and "X-Page-Cache" not in response


def test_bulk_changes_move_every_page_once_at_the_end(client, two_posts, monkeypatch):
    a, b = two_posts
    warm(client, "/", b.get_absolute_url())
    moves = []
    real_bump = pagecache.bump
    monkeypatch.setattr(pagecache, "bump", lambda *keys: moves.append(keys) or real_bump(*keys))
    with pagecache.one_change():
        for n in range(5):
            make_post(f"Bulk {n}")
        assert moves == []
        assert state(client, b.get_absolute_url()) == "hit"
    assert moves == [(pagecache.ALL,)]
    assert state(client, b.get_absolute_url()) == "miss"
    assert "Bulk 4" in client.get("/").text
