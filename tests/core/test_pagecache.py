"""The page cache serves anonymous readers from memory and is never stale."""

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from core import pagecache
from likes.models import Like
from posts.models import Post
from tests.conftest import make_category, make_post, make_tag, make_user

pytestmark = pytest.mark.django_db


def cached_twice(client, url):
    """Fetch a page twice; the second answer must come from the cache."""
    first = client.get(url)
    second = client.get(url)
    assert first["X-Page-Cache"] == "miss", url
    assert second["X-Page-Cache"] == "hit", url
    assert second.content == first.content
    return second


@pytest.mark.parametrize("url", ["/", "/category/news/", "/tag/django/", "/author/writer/"])
def test_anonymous_list_pages_are_served_from_the_cache(client, url, author):
    make_post(
        "Cached", author=author, categories=[make_category("News")], tags=[make_tag("django")]
    )
    cached_twice(client, url)


def test_a_post_page_and_its_archives_are_served_from_the_cache(client):
    post = make_post("Cached post")
    local = timezone.localtime(post.published_at)
    for url in [post.get_absolute_url(), f"/{local.year}/", f"/{local.year}/{local:%m}/"]:
        cached_twice(client, url)


def test_a_cached_page_sets_no_cookie_and_carries_no_token(client):
    post = make_post("No per-visitor data")
    client.get(post.get_absolute_url())
    response = client.get(post.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert not response.cookies
    assert 'name="csrfmiddlewaretoken" value=""' in response.text


def test_the_etag_answers_a_conditional_get_with_304(client):
    post = make_post("Conditional")
    first = client.get(post.get_absolute_url())
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(post.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_etag_changes_with_the_content(client):
    post = make_post("Before")
    etag = client.get(post.get_absolute_url())["ETag"]
    post.title = "After"
    post.save()
    response = client.get(post.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "After" in response.text


def test_two_pages_never_share_an_etag(client):
    one, two = make_post("One"), make_post("Two")
    etag = client.get(one.get_absolute_url())["ETag"]
    response = client.get(two.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200


# Freshness: each kind of change is on the next anonymous GET.


def test_a_saved_post_shows_at_once(client):
    post = make_post("Old title")
    cached_twice(client, "/")
    post.title = "New title"
    post.save()
    assert "New title" in client.get("/").text


def test_a_published_draft_shows_at_once(client):
    draft = make_post("Draft now live", status=Post.Status.DRAFT)
    cached_twice(client, "/")
    draft.status = Post.Status.PUBLISHED
    draft.save()
    assert "Draft now live" in client.get("/").text


def test_a_scheduled_post_shows_when_its_time_comes_without_any_save(client, monkeypatch):
    make_post("Already out")
    scheduled = make_post("Later today", published_at=timezone.now() + timezone.timedelta(hours=2))
    page = cached_twice(client, "/")
    assert "Later today" not in page.text

    later = timezone.now() + timezone.timedelta(hours=3)
    monkeypatch.setattr(pagecache, "now", lambda: later)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert scheduled.title in response.text


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_widgets_show_a_scheduled_post_when_its_time_comes_with_the_cache_off(
    client, settings, monkeypatch, signed_in
):
    settings.PAGE_CACHE_ENABLED = False
    if signed_in:
        client.force_login(make_user("reader"))
    make_post("Already out")
    make_post("Later today", published_at=timezone.now() + timezone.timedelta(hours=2),
              tags=[make_tag("Futurology")])  # fmt: skip
    assert "Futurology" not in client.get("/").text

    later = timezone.now() + timezone.timedelta(hours=3)
    monkeypatch.setattr(pagecache, "now", lambda: later)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Futurology" in client.get("/").text


def test_an_edited_category_shows_at_once(client):
    category = make_category("Old name")
    make_post(categories=[category])
    cached_twice(client, "/")
    category.name = "New name"
    category.save()
    assert "New name" in client.get("/").text


def test_an_edited_tag_shows_at_once(client):
    tag = make_tag("oldtag")
    post = make_post(tags=[tag])
    cached_twice(client, post.get_absolute_url())
    tag.name = "renamed tag"
    tag.save()
    assert "renamed tag" in client.get(post.get_absolute_url()).text


def test_a_tag_added_to_a_post_shows_at_once(client):
    post = make_post()
    cached_twice(client, post.get_absolute_url())
    post.tags.add(make_tag("freshly-added"))
    assert "freshly-added" in client.get(post.get_absolute_url()).text


def approved_comment(post, body, status=Comment.Status.APPROVED):
    return Comment.objects.create(
        post=post,
        author_name="Reader",
        author_email="reader@example.com",
        body=f"<p>{body}</p>",
        status=status,
        created=timezone.now() - timezone.timedelta(minutes=5),
    )


def test_an_approved_comment_shows_at_once(client):
    post = make_post()
    held = approved_comment(post, "Held then approved", status=Comment.Status.PENDING)
    page = cached_twice(client, post.get_absolute_url())
    assert "Held then approved" not in page.text
    Comment.objects.filter(pk=held.pk).set_status(Comment.Status.APPROVED)
    assert "Held then approved" in client.get(post.get_absolute_url()).text


def test_a_removed_comment_disappears_at_once(client):
    post = make_post()
    comment = approved_comment(post, "Soon trashed")
    cached_twice(client, post.get_absolute_url())
    comment.set_status(Comment.Status.TRASH)
    assert "Soon trashed" not in client.get(post.get_absolute_url()).text


def test_a_deleted_comment_disappears_at_once(client):
    post = make_post()
    comment = approved_comment(post, "Soon deleted")
    cached_twice(client, post.get_absolute_url())
    comment.delete()
    assert "Soon deleted" not in client.get(post.get_absolute_url()).text


def test_a_new_held_comment_leaves_the_cached_page_alone(client):
    """Spam floods must not empty the cache: a held comment changes no public page."""
    post = make_post()
    cached_twice(client, post.get_absolute_url())
    approved_comment(post, "Held", status=Comment.Status.PENDING)
    assert client.get(post.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_like_shows_at_once(client):
    post = make_post()
    cached_twice(client, post.get_absolute_url())
    version = pagecache.versions([f"likes:{post.pk}"])
    Like.objects.create(post=post, user=make_user())
    assert pagecache.versions([f"likes:{post.pk}"]) != version
    assert client.get(post.get_absolute_url())["X-Page-Cache"] == "miss"


def test_changed_discussion_settings_show_at_once(client):
    post = make_post()
    cached_twice(client, post.get_absolute_url())
    rules = DiscussionSettings.load()
    rules.close_after_days = 1
    rules.save()
    post.published_at = timezone.now() - timezone.timedelta(days=3)
    Post.objects.filter(pk=post.pk).update(published_at=post.published_at)
    assert "Comments are closed." in client.get(post.get_absolute_url()).text


# Bypass: requests that must never be answered from the cache, nor fill it.


def test_signed_in_readers_bypass_the_cache(client):
    post = make_post()
    cached_twice(client, post.get_absolute_url())
    reader = Client()
    reader.force_login(make_user())
    response = reader.get(post.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Logged in as" in response.text


def test_staff_previews_bypass_the_cache(client, admin_client):
    draft = make_post("Secret draft", status=Post.Status.DRAFT)
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_form_posts_bypass_the_cache(client):
    post = make_post(password="open sesame")
    response = client.post(post.get_absolute_url(), {"password": "wrong"})
    assert response.status_code == 403
    assert "X-Page-Cache" not in response


def test_a_password_protected_post_unlocked_in_a_session_bypasses_the_cache(client):
    post = make_post("Locked", password="open sesame", body="<p>The hidden body.</p>")
    locked = client.get(post.get_absolute_url())
    assert "The hidden body." not in locked.text
    # The password form carries this visitor's CSRF token, so it is never stored.
    assert "X-Page-Cache" not in locked
    client.post(post.get_absolute_url(), {"password": "open sesame"})
    unlocked = client.get(post.get_absolute_url())
    assert "X-Page-Cache" not in unlocked
    assert "The hidden body." in unlocked.text
    assert "The hidden body." not in Client().get(post.get_absolute_url()).text


def test_the_authors_view_of_a_held_comment_bypasses_the_cache(client):
    post = make_post()
    cached_twice(client, post.get_absolute_url())
    response = client.get(f"{post.get_absolute_url()}?unapproved=1&moderation-hash=x")
    assert "X-Page-Cache" not in response


def test_responses_that_set_cookies_are_not_stored(client):
    post = make_post()
    token = client.get(f"/comments/form-token/?post={post.pk}")
    assert "X-Page-Cache" not in token
    assert "no-cache" in token["Cache-Control"] or "no-store" in token["Cache-Control"]


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_post()
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def count_cache_reads(monkeypatch):
    """How many times the page cache asks the cache for something, from here on."""
    reads, inside = [], []

    def counted(original):
        def read(*args, **kwargs):
            if not inside:  # a backend's get_many may call its own get
                reads.append(args)
            inside.append(1)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return read

    for name in ("get", "get_many"):
        monkeypatch.setattr(pagecache.cache, name, counted(getattr(pagecache.cache, name)))
    return reads


def test_with_the_cache_off_and_no_front_end_cache_the_page_cache_reads_nothing(
    client, settings, monkeypatch
):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRONTEND_CACHE_URLS = []
    make_post()
    client.get("/")
    reads = count_cache_reads(monkeypatch)
    response = client.get("/")
    assert response.status_code == 200
    assert "ETag" not in response and "xkey" not in response
    # The page's keys and the stored page are not looked up (fragments still ask theirs).
    asked = [str(read[0]) for read in reads]
    assert not [key for key in asked if pagecache.CLOCK in key or "pagecache:page:" in key]


def test_with_the_cache_off_a_front_end_cache_still_gets_the_keys(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9/"]
    post = make_post()
    response = client.get(post.get_absolute_url())
    assert f"post:{post.pk}" in response["xkey"].split()
    assert response["Surrogate-Control"].startswith("max-age=")


def test_a_hit_while_nothing_changed_reads_the_cache_once(client, monkeypatch):
    post = make_post()
    client.get(post.get_absolute_url())
    reads = count_cache_reads(monkeypatch)
    assert client.get(post.get_absolute_url())["X-Page-Cache"] == "hit"
    assert len(reads) == 1
    # After a change elsewhere the page's own keys are read, and it is still a hit.
    pagecache.changed("tag:0")
    reads.clear()
    assert client.get(post.get_absolute_url())["X-Page-Cache"] == "hit"
    assert len(reads) == 2


def test_a_page_whose_keys_moved_while_it_was_rendered_is_kept_by_no_cache(client, monkeypatch):
    from posts import views

    post = make_post("Old title")
    client.get("/")  # the keys every page shows exist
    original = views.PostDetailView.get_context_data

    def changed_during_render(self, **kwargs):
        context = original(self, **kwargs)
        pagecache.changed(f"post:{post.pk}")  # a writer saved it meanwhile
        return context

    monkeypatch.setattr(views.PostDetailView, "get_context_data", changed_during_render)
    during = client.get(post.get_absolute_url())
    monkeypatch.undo()

    assert during["Surrogate-Control"] == "no-store"
    assert client.get(post.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(post.get_absolute_url())["Surrogate-Control"].startswith("max-age=")


def test_not_found_pages_are_not_cached(client):
    client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.get("/no-such-page/")


# Steady state: what a page costs the database once the content version, the footer
# widgets and the anonymous comment form are in memory (the cache-off case of make bench).
WARM_QUERIES = {"home": 1, "category": 2, "post": 8}


@pytest.mark.parametrize(("page", "most"), WARM_QUERIES.items())
def test_a_warm_page_runs_few_queries_with_the_page_cache_off(
    client, settings, django_assert_max_num_queries, page, most
):
    settings.PAGE_CACHE_ENABLED = False
    category = make_category("Warm")
    posts = [make_post(f"Warm {n}", categories=[category], tags=[make_tag()]) for n in range(15)]
    url = {
        "home": "/",
        "category": category.get_absolute_url(),
        "post": posts[7].get_absolute_url(),
    }[page]
    client.get(url)
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("where", ["home", "category", "tag"])
def test_a_lists_length_follows_every_change_of_the_list_with_the_cache_off(
    client, settings, where
):
    """The number of posts, and so the page links, counted once per change of the list."""
    settings.PAGE_CACHE_ENABLED = False
    category, tag = make_category("Counted"), make_tag("counted")
    posts = [make_post(f"Counted {n}", categories=[category], tags=[tag]) for n in range(10)]
    url = {"home": "/", "category": category.get_absolute_url(), "tag": tag.get_absolute_url()}
    url = url[where]
    assert client.get(url).context_data["paginator"].count == 10
    assert client.get(f"{url}page/2/").status_code == 404

    eleventh = make_post("Counted 10", categories=[category], tags=[tag])
    assert client.get(url).context_data["paginator"].count == 11
    assert client.get(f"{url}page/2/").status_code == 200

    posts[0].status = Post.Status.DRAFT
    posts[0].save()
    eleventh.categories.clear()
    eleventh.tags.clear()
    expected = 10 if where == "home" else 9
    assert client.get(url).context_data["paginator"].count == expected


def test_query_parameters_no_page_reads_share_the_page_without_them(client):
    make_post()
    client.get("/")

    for query in ("?utm_source=mail", "?x=1&y=2", "?fbclid=abc"):
        assert client.get(f"/{query}")["X-Page-Cache"] == "hit", query


def test_random_query_strings_fill_the_cache_with_one_page(client):
    make_post()
    answers = [client.get(f"/?junk={n}")["X-Page-Cache"] for n in range(50)]

    assert answers == ["miss"] + ["hit"] * 49


def test_parameters_a_page_reads_still_make_pages_of_their_own(client):
    make_post("Findable")
    assert client.get("/search/?q=findable")["X-Page-Cache"] == "miss"
    assert client.get("/search/?q=other")["X-Page-Cache"] == "miss"
    assert client.get("/search/?q=findable&utm_source=x")["X-Page-Cache"] == "hit"
