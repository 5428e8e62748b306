"""Two people on one post: the second is told who has it open, may take over explicitly, and a
save from a form opened before someone else's save is refused with their change shown."""

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from posts.models import PostEditLock
from tests.conftest import make_post, make_user
from tests.posts.editing import change_url, form_values, opened_form, post_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def wendy():
    return make_user("wendy", groups=["Authors"], first_name="Wendy", last_name="Writer")


@pytest.fixture
def edna():
    return make_user("edna", groups=["Editors"], first_name="Edna", last_name="Editor")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_opening_a_post_takes_its_edit_lock(wendy):
    post = make_post(author=wendy)
    signed_in(wendy).get(change_url(post))
    assert PostEditLock.objects.get(post=post).user == wendy


def test_someone_else_opening_the_post_is_told_who_is_editing_it(wendy, edna):
    post = make_post(author=wendy)
    signed_in(wendy).get(change_url(post))
    page = signed_in(edna).get(change_url(post)).text
    assert "Wendy Writer</strong> is currently editing this post." in page
    assert "Take over" in page
    assert PostEditLock.objects.get(post=post).user == wendy


def test_nobody_is_told_of_their_own_lock(wendy):
    post = make_post(author=wendy)
    client = signed_in(wendy)
    client.get(change_url(post))
    assert client.get(change_url(post)).context["lock_holder"] is None


@override_settings(POST_EDIT_LOCK_SECONDS=150)
def test_a_lock_not_renewed_in_time_lapses_and_the_next_person_takes_it(wendy, edna):
    post = make_post(author=wendy)
    signed_in(wendy).get(change_url(post))
    PostEditLock.objects.update(heartbeat_at=timezone.now() - timezone.timedelta(seconds=151))
    response = signed_in(edna).get(change_url(post))
    assert response.context["lock_holder"] is None
    assert PostEditLock.objects.get(post=post).user == edna


def test_the_heartbeat_renews_the_lock(wendy):
    post = make_post(author=wendy)
    client = signed_in(wendy)
    client.get(change_url(post))
    PostEditLock.objects.update(heartbeat_at=timezone.now() - timezone.timedelta(seconds=60))
    response = client.post(post_url(post, "lock/"))
    assert response.status_code == 200 and response.json() == {"holder": None}
    lock = PostEditLock.objects.get()
    assert lock.heartbeat_at > timezone.now() - timezone.timedelta(seconds=5)


def test_the_heartbeat_of_someone_without_the_lock_is_told_who_has_it(wendy, edna):
    post = make_post(author=wendy)
    signed_in(wendy).get(change_url(post))
    response = signed_in(edna).post(post_url(post, "lock/"))
    assert response.status_code == 409
    assert response.json() == {"holder": "Wendy Writer"}
    assert PostEditLock.objects.get().user == wendy


def test_taking_over_moves_the_lock_and_the_first_editor_is_told(wendy, edna):
    post = make_post(author=wendy)
    first = signed_in(wendy)
    first.get(change_url(post))
    response = signed_in(edna).post(post_url(post, "lock/take-over/"))
    assert response.status_code == 302 and response["Location"] == change_url(post)
    assert PostEditLock.objects.get().user == edna
    heartbeat = first.post(post_url(post, "lock/"))
    assert heartbeat.status_code == 409 and heartbeat.json() == {"holder": "Edna Editor"}


def test_leaving_the_editor_releases_only_ones_own_lock(wendy, edna):
    post = make_post(author=wendy)
    signed_in(wendy).get(change_url(post))
    signed_in(edna).post(post_url(post, "lock/release/"))
    assert PostEditLock.objects.get().user == wendy
    signed_in(wendy).post(post_url(post, "lock/release/"))
    assert not PostEditLock.objects.exists()


@pytest.mark.parametrize("suffix", ["lock/", "lock/take-over/", "lock/release/"])
def test_lock_requests_for_a_post_one_may_not_edit_are_refused(wendy, suffix):
    post = make_post(author=make_user("arthur", groups=["Authors"]))
    assert signed_in(wendy).post(post_url(post, suffix)).status_code == 403
    assert not PostEditLock.objects.exists()


def test_lock_requests_need_post(wendy):
    post = make_post(author=wendy)
    assert signed_in(wendy).get(post_url(post, "lock/")).status_code == 405


# Stale saves


def test_a_save_from_a_form_opened_before_someone_elses_save_is_refused(wendy, edna):
    post = make_post("Original", author=wendy, body="<p>Original words.</p>")
    mine, theirs = signed_in(wendy), signed_in(edna)
    my_form = opened_form(mine, post, title="Wendy's title")
    their_form = opened_form(theirs, post, body="<p>Edna's better words.</p>")
    assert theirs.post(change_url(post), their_form).status_code == 302

    response = mine.post(change_url(post), my_form)
    assert response.status_code == 200
    assert "Edna Editor saved this post at" in response.text
    post.refresh_from_db()
    assert (post.title, post.body) == ("Original", "<p>Edna's better words.</p>")
    conflict = response.context["adminform"].form.conflict
    body_row = next(row for row in conflict["rows"] if row["label"] == "Body")
    assert "better" in body_row["old"] and "Original" in body_row["new"]
    assert "Wendy&#x27;s" in response.text or "Wendy's" in response.text


def test_saving_again_after_seeing_the_other_change_saves_deliberately(wendy, edna):
    post = make_post("Original", author=wendy)
    mine, theirs = signed_in(wendy), signed_in(edna)
    my_form = opened_form(mine, post, title="Wendy's title")
    theirs.post(change_url(post), opened_form(theirs, post, title="Edna's title"))
    refused = mine.post(change_url(post), my_form)
    resubmitted = {**form_values(refused), "_save": "Save"}
    assert resubmitted["title"] == "Wendy's title"
    assert mine.post(change_url(post), resubmitted).status_code == 302
    post.refresh_from_db()
    assert post.title == "Wendy's title"


def test_a_save_from_an_up_to_date_form_goes_through(wendy):
    post = make_post("Original", author=wendy)
    client = signed_in(wendy)
    assert client.post(change_url(post), opened_form(client, post, title="New")).status_code == 302


def test_a_restored_revision_makes_an_open_form_stale(wendy):
    post = make_post("Original", author=wendy)
    client = signed_in(wendy)
    client.post(change_url(post), opened_form(client, post, title="Second"))
    post.refresh_from_db()
    form = opened_form(client, post, title="Third")
    client.post(post_url(post, f"revisions/{post.revisions.last().pk}/restore/"))
    assert client.post(change_url(post), form).status_code == 200
    post.refresh_from_db()
    assert post.title == "Original"
