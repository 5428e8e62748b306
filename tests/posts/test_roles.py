"""Contributors write posts and submit them for review; they cannot publish, schedule or
upload, however the form is crafted; Editors are mailed once per submission."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from posts import review
from posts.models import Post, ReviewMail
from tests.conftest import make_post, make_user
from tests.posts.test_admin import form_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/posts/post/add/"
LIST_URL = "/admin/posts/post/"


@pytest.fixture
def contributor():
    return make_user("carla", groups=["Contributors"])


@pytest.fixture
def contributor_client(contributor):
    client = Client()
    client.force_login(contributor)
    return client


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def test_a_contributor_may_choose_only_draft_or_pending_review(contributor_client):
    response = contributor_client.get(ADD_URL)

    assert response.status_code == 200
    assert 'value="pending"' in response.text
    assert 'value="published"' not in response.text
    assert 'value="private"' not in response.text


@pytest.mark.parametrize("status", [Post.Status.PUBLISHED, Post.Status.PRIVATE])
def test_a_contributor_cannot_publish_by_crafting_the_post(contributor_client, contributor, status):
    response = contributor_client.post(ADD_URL, form_data(contributor, status=status))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Post.objects.exists()


def test_a_contributor_cannot_schedule_by_crafting_the_date(contributor_client, contributor):
    future = timezone.localtime(timezone.now() + timezone.timedelta(days=3))

    response = contributor_client.post(
        ADD_URL,
        form_data(
            contributor,
            status=Post.Status.PENDING,
            published_at_0=future.strftime("%Y-%m-%d"),
            published_at_1=future.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 302
    assert Post.objects.get().published_at < timezone.now()


def test_a_contributor_cannot_upload_a_featured_image(contributor_client, contributor):
    assert 'name="featured_image"' not in contributor_client.get(ADD_URL).text

    response = contributor_client.post(ADD_URL, {**form_data(contributor), "featured_image": png()})

    assert response.status_code == 302
    assert not Post.objects.get().featured_image


def test_a_contributor_cannot_change_a_published_post(contributor_client, contributor):
    post = make_post("Published by an editor", author=contributor)

    response = contributor_client.post(
        f"/admin/posts/post/{post.pk}/change/", form_data(contributor, title="Changed")
    )

    assert response.status_code == 403
    assert Post.objects.get().title == "Published by an editor"


def test_a_contributor_cannot_publish_with_the_list_action(contributor_client, contributor):
    post = make_post("Waiting", author=contributor, status=Post.Status.PENDING)

    assert "publish_now" not in contributor_client.get(LIST_URL).text
    contributor_client.post(LIST_URL, {"action": "publish_now", "_selected_action": [post.pk]})

    assert Post.objects.get().status == Post.Status.PENDING


def test_submitting_for_review_mails_each_editor_once(
    contributor_client, contributor, django_capture_on_commit_callbacks
):
    make_user("ed", groups=["Editors"], email="ed@example.com")
    make_user("eve", groups=["Editors"], email="eve@example.com")
    make_user("andy", groups=["Authors"], email="andy@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = contributor_client.post(
            ADD_URL, form_data(contributor, title="My first post", status=Post.Status.PENDING)
        )

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ed@example.com", "eve@example.com"]
    assert all("My first post" in m.subject for m in mail.outbox)
    post = Post.objects.get()
    assert f"/admin/posts/post/{post.pk}/change/" in mail.outbox[0].body


def test_the_review_task_run_again_sends_nothing_more(
    contributor_client, contributor, django_capture_on_commit_callbacks
):
    make_user("ed", groups=["Editors"], email="ed@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        contributor_client.post(ADD_URL, form_data(contributor, status=Post.Status.PENDING))
    post = Post.objects.get()
    submitted_at = ReviewMail.objects.get().submitted_at

    assert review.notify_editors.call(post.pk, submitted_at.isoformat()) == 0
    assert len(mail.outbox) == 1


def test_saving_a_draft_mails_nobody(
    contributor_client, contributor, django_capture_on_commit_callbacks
):
    make_user("ed", groups=["Editors"], email="ed@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        contributor_client.post(ADD_URL, form_data(contributor, status=Post.Status.DRAFT))

    assert mail.outbox == []


def test_an_author_still_publishes(client):
    author = make_user(groups=["Authors"])
    client.force_login(author)

    response = client.post(ADD_URL, form_data(author, status=Post.Status.PUBLISHED))

    assert response.status_code == 302
    assert Post.objects.get().status == Post.Status.PUBLISHED
