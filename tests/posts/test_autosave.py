"""Autosave: a draft copy per author and post, apart from the post, offered back on return."""

import pytest
from django.test import Client
from django.utils import timezone

from posts.models import PostAutosave
from tests.conftest import make_post, make_user
from tests.posts.editing import ADD_URL, POSTS_URL, change_url, opened_form, post_url

pytestmark = pytest.mark.django_db

NOTICE = "There is an autosave of this post that is more recent than the version below."
NEW_AUTOSAVE_URL = f"{POSTS_URL}autosave/"


@pytest.fixture
def wendy():
    return make_user("wendy", groups=["Authors"])


@pytest.fixture
def arthur():
    return make_user("arthur", groups=["Authors"])


def autosave(client, post, **fields):
    values = {"title": "Autosaved title", "excerpt": "", "body": "<p>Autosaved words.</p>"}
    return client.post(post_url(post, "autosave/") if post else NEW_AUTOSAVE_URL, values | fields)


def test_autosave_keeps_a_draft_copy_without_touching_the_post(client, wendy):
    post = make_post("Saved title", author=wendy)
    updated = post.updated
    client.force_login(wendy)
    response = autosave(client, post)
    assert response.status_code == 200
    assert "saved_at" in response.json()
    copy = PostAutosave.objects.get(post=post, author=wendy)
    assert (copy.title, copy.body) == ("Autosaved title", "<p>Autosaved words.</p>")
    post.refresh_from_db()
    assert (post.title, post.updated, post.revisions.count()) == ("Saved title", updated, 1)


def test_a_later_autosave_replaces_the_earlier_copy(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    autosave(client, post, title="First")
    autosave(client, post, title="Second")
    assert list(PostAutosave.objects.values_list("title", flat=True)) == ["Second"]


def test_each_author_has_their_own_autosave_of_a_post(client, wendy):
    editor = make_user("edna", groups=["Editors"])
    post = make_post(author=wendy)
    client.force_login(wendy)
    autosave(client, post, title="Wendy's")
    other = Client()
    other.force_login(editor)
    autosave(other, post, title="Edna's")
    assert PostAutosave.objects.filter(post=post).count() == 2


def test_the_autosaved_body_is_sanitized(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    autosave(client, post, body='<p onclick="steal()">Hi</p><script>steal()</script>')
    assert PostAutosave.objects.get().body == "<p>Hi</p>"


def test_opening_a_post_with_a_newer_autosave_offers_to_view_or_restore_it(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    autosave(client, post)
    page = client.get(change_url(post)).text
    assert NOTICE in page
    assert f'href="{post_url(post, "autosave/view/")}"' in page
    assert 'href="?restore_autosave=1"' in page


def test_an_autosave_older_than_the_saved_post_is_not_offered(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    autosave(client, post)
    PostAutosave.objects.update(saved_at=timezone.now() - timezone.timedelta(hours=2))
    assert NOTICE not in client.get(change_url(post)).text


def test_an_autosave_the_same_as_the_saved_post_is_not_offered(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    autosave(client, post, title=post.title, excerpt=post.excerpt, body=post.body)
    assert NOTICE not in client.get(change_url(post)).text


def test_restoring_an_autosave_puts_it_in_the_form_and_leaves_the_post_alone(client, wendy):
    post = make_post("Saved title", author=wendy)
    client.force_login(wendy)
    autosave(client, post)
    data = opened_form(client, post)
    assert data["title"] == "Saved title"
    response = client.get(change_url(post), {"restore_autosave": "1"})
    form = response.context["adminform"].form
    assert form["title"].value() == "Autosaved title"
    assert form["body"].value() == "<p>Autosaved words.</p>"
    post.refresh_from_db()
    assert post.title == "Saved title"


def test_saving_the_restored_autosave_saves_it_and_discards_the_copy(client, wendy):
    post = make_post("Saved title", author=wendy)
    client.force_login(wendy)
    autosave(client, post)
    data = opened_form(client, post)
    data.update(title="Autosaved title", body="<p>Autosaved words.</p>")
    assert client.post(change_url(post), data).status_code == 302
    post.refresh_from_db()
    assert post.title == "Autosaved title"
    assert not PostAutosave.objects.exists()


def test_viewing_the_autosave_compares_it_with_the_saved_version(client, wendy):
    post = make_post("Saved title", author=wendy)
    client.force_login(wendy)
    autosave(client, post)
    response = client.get(post_url(post, "autosave/view/"))
    assert response.status_code == 200
    assert "<del>Saved</del> title" in response.text
    assert "<ins>Autosaved</ins> title" in response.text


def test_viewing_an_autosave_that_does_not_exist_is_not_found(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    assert client.get(post_url(post, "autosave/view/")).status_code == 404


def test_autosave_of_a_post_the_user_may_not_edit_is_refused_and_nothing_stored(
    client, wendy, arthur
):
    post = make_post(author=arthur)
    client.force_login(wendy)
    assert autosave(client, post).status_code == 403
    assert client.get(post_url(post, "autosave/view/")).status_code == 403
    assert not PostAutosave.objects.exists()


def test_autosave_of_a_missing_post_is_not_found(client, wendy):
    client.force_login(wendy)
    assert client.post("/admin/posts/post/999999/autosave/", {"title": "x"}).status_code == 404
    assert not PostAutosave.objects.exists()


def test_autosave_by_a_reader_is_refused(client):
    reader = make_user("reader")
    post = make_post(author=make_user("wendy", groups=["Authors"]))
    client.force_login(reader)
    response = autosave(client, post)
    assert response.status_code == 302  # to the admin's sign-in
    assert not PostAutosave.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "x" * 301}, "The title is too long to autosave."),
        ({"title": "", "excerpt": "", "body": ""}, "Nothing to autosave."),
    ],
)
def test_bad_autosaves_are_answered_400_and_nothing_stored(client, wendy, fields, message):
    post = make_post(author=wendy)
    client.force_login(wendy)
    response = autosave(client, post, **fields)
    assert response.status_code == 400
    assert response.json()["error"] == message
    assert not PostAutosave.objects.exists()


def test_autosave_needs_a_post_request(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    assert client.get(post_url(post, "autosave/")).status_code == 405


def test_autosave_without_the_csrf_token_is_refused(wendy):
    post = make_post(author=wendy)
    client = Client(enforce_csrf_checks=True)
    client.force_login(wendy)
    assert autosave(client, post).status_code == 403
    assert not PostAutosave.objects.exists()


def test_a_new_unsaved_post_is_autosaved_for_its_author(client, wendy):
    client.force_login(wendy)
    assert autosave(client, None, title="Not saved yet").status_code == 200
    copy = PostAutosave.objects.get(author=wendy)
    assert copy.post is None and copy.title == "Not saved yet"


def test_the_add_screen_offers_the_autosave_of_an_unsaved_post(client, wendy):
    client.force_login(wendy)
    autosave(client, None, title="Not saved yet")
    page = client.get(ADD_URL).text
    assert "There is an autosave of this post" in page
    restored = client.get(ADD_URL, {"restore_autosave": "1"}).context["adminform"].form
    assert restored["title"].value() == "Not saved yet"
    view = client.get(f"{POSTS_URL}autosave/view/")
    assert view.status_code == 200 and "<ins>Not saved yet</ins>" in view.text


def test_saving_the_new_post_discards_its_autosave(client, wendy):
    client.force_login(wendy)
    autosave(client, None, title="Not saved yet")
    data = opened_form(client, None, title="Not saved yet", body="<p>Words.</p>")
    assert client.post(ADD_URL, data).status_code == 302
    assert not PostAutosave.objects.exists()


def test_someone_who_may_not_add_posts_cannot_autosave_a_new_one(client):
    client.force_login(make_user("moe", groups=["Moderators"]))
    assert autosave(client, None).status_code == 403
    assert not PostAutosave.objects.exists()
