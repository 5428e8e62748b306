"""Pages take and send Webmentions and pingbacks as posts do; a post or page that stops
being public, or is deleted, sends its Webmentions again so receivers remove it, and a
deleted one's address answers 410 Gone. Against the other blog on 127.0.0.1."""

import xmlrpc.client

import pytest

from comments.models import Comment
from pings.models import OutgoingPing
from posts.models import Page, Post
from tests.comments.helpers import page_of
from tests.conftest import make_page, make_post
from tests.other_blog import fresh_ip, our_url
from tests.pings.webmention_pages import entry

pytestmark = pytest.mark.django_db

Kind, Result = OutgoingPing.Kind, OutgoingPing.Result


@pytest.fixture
def blog(other_blog, private_addresses_allowed):
    return other_blog


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run `action()` and what waits for its commit (the tasks run inline)."""

    def commit(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return commit


def send(client, commit, source, target):
    return commit(
        lambda: client.post(
            "/webmention/", {"source": source, "target": target}, REMOTE_ADDR=fresh_ip()
        )
    )


def linking_to(url):
    return f'<p>I read <a href="{url}">this</a>.</p>'


def received(blog):
    return [(w["source"], w["target"]) for w in blog.webmentions]


@pytest.fixture
def target_page(blog):
    """A page of the other blog that takes Webmentions."""
    blog.webmention_endpoint("/webmention")
    return blog.page("/their-post", "<p>Hi</p>", headers={"Link": "</webmention>; rel=webmention"})


# In: a page's nested address is a target.


def test_a_webmention_to_a_page_is_verified_and_shown_on_the_page_once_approved(
    client, admin_client, blog, commit
):
    about = make_page("About")
    team = make_page("Team", parent=about)
    source = blog.page("/reply/", entry(our_url(team)))

    response = send(client, commit, source, our_url(team))

    assert response.status_code == 202, response.content
    reply = Comment.objects.get(post=team, kind=Comment.Kind.WEBMENTION)
    assert reply.source_url == source
    admin_client.post(
        "/admin/comments/comment/", {"action": "approve", "_selected_action": [reply.pk]}
    )
    shown = page_of(client.get(team.get_absolute_url())).by_id(f"comment-{reply.pk}")
    assert shown.find("b", cls="comment-author").text == "Jane Doe"


def test_a_page_announces_the_webmention_endpoint(client):
    page = make_page("About")
    assert 'rel="webmention"' in client.get(page.get_absolute_url())["Link"]


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PRIVATE])
def test_a_webmention_to_a_page_the_public_cannot_see_is_refused(client, blog, commit, status):
    page = make_page("Hidden", status=status)
    source = blog.page("/reply/", entry(our_url(page)))

    response = send(client, commit, source, our_url(page))

    assert response.status_code == 400 and "target" in response.text
    assert not Comment.objects.exists()


def test_a_pingback_to_a_page_is_registered(client, blog, commit):
    page = make_page("About")
    source = blog.post_linking_to("/their/", our_url(page))
    body = xmlrpc.client.dumps((source, our_url(page)), "pingback.ping").encode()

    response = commit(
        lambda: client.generic(
            "POST", "/xmlrpc.php", body, content_type="text/xml", REMOTE_ADDR=fresh_ip()
        )
    )

    (answer,), _ = xmlrpc.client.loads(response.content)
    assert "registered" in answer
    assert Comment.objects.get(post=page, kind=Comment.Kind.PINGBACK).author_url == source


# Out: publishing or updating a page sends its Webmentions.


def test_publishing_and_updating_a_page_sends_webmentions(blog, commit, target_page):
    page = commit(lambda: make_page("Links", body=linking_to(target_page)))

    assert received(blog) == [(our_url(page), target_page)]
    attempt = OutgoingPing.objects.get(post=page)
    assert (attempt.kind, attempt.result, attempt.source_url) == (
        Kind.WEBMENTION,
        Result.SENT,
        our_url(page),
    )

    page.body = linking_to(target_page) + "<p>More.</p>"
    commit(page.save)

    assert len(blog.webmentions) == 2


def test_a_draft_page_sends_nothing(blog, commit, target_page):
    commit(lambda: make_page("Links", body=linking_to(target_page), status=Post.Status.DRAFT))
    assert blog.webmentions == []


# Unpublishing and deleting send the Webmentions again, once per change.


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PRIVATE, Post.Status.PENDING])
def test_unpublishing_a_post_tells_its_targets_once(blog, commit, target_page, client, status):
    post = commit(lambda: make_post(body=linking_to(target_page)))
    url = our_url(post)
    post.status = status

    commit(post.save)
    commit(post.save)  # saved again as it is: nothing new to tell

    assert received(blog) == [(url, target_page), (url, target_page)]
    assert OutgoingPing.objects.get(post=post).content == "gone"
    assert client.get(post.get_absolute_url()).status_code == 404


def test_publishing_again_after_unpublishing_sends_again(blog, commit, target_page):
    page = commit(lambda: make_page("Links", body=linking_to(target_page)))
    page.status = Post.Status.DRAFT
    commit(page.save)
    page.status = Post.Status.PUBLISHED
    commit(page.save)

    assert len(blog.webmentions) == 3


def test_deleting_a_published_post_tells_its_targets_from_its_old_address(
    blog, commit, target_page, client
):
    post = commit(lambda: make_post(body=linking_to(target_page)))
    url, path = our_url(post), post.get_absolute_url()

    commit(post.delete)

    assert received(blog) == [(url, target_page), (url, target_page)]
    (record,) = OutgoingPing.objects.all()
    assert record.post is None and record.content == "gone" and record.source_url == url
    gone = client.get(path)
    assert gone.status_code == 410 and "removed" in gone.text


def test_deleting_a_page_through_the_api_tells_its_targets_and_leaves_410(
    blog, commit, target_page, client
):
    from tests.api.conftest import client_for
    from tests.conftest import make_user

    page = commit(lambda: make_page("Links", body=linking_to(target_page)))
    path = page.get_absolute_url()
    api = client_for(make_user(groups=["Editors"]))

    response = commit(lambda: api.delete(f"/wp-json/wp/v2/pages/{page.pk}?force=true"))

    assert response.status_code == 200 and len(blog.webmentions) == 2
    assert client.get(path).status_code == 410


def test_a_deleted_unpublished_post_sends_nothing_more_and_its_address_is_404(
    blog, commit, target_page, client
):
    post = commit(lambda: make_post(body=linking_to(target_page)))
    post.status = Post.Status.DRAFT
    commit(post.save)
    path = post.get_absolute_url()

    commit(post.delete)

    assert len(blog.webmentions) == 2
    assert not OutgoingPing.objects.exists()
    assert client.get(path).status_code == 404


def test_a_page_published_again_at_a_deleted_address_is_served(client, commit):
    old = make_page("About")
    commit(old.delete)
    assert client.get("/about/").status_code == 410

    make_page("About")

    assert client.get("/about/").status_code == 200
    assert Page.objects.count() == 1
