"""Writing with an application password: what the user may do in the admin, no more."""

import json

import pytest

from comments.models import Comment
from posts.models import Post, Tag
from tests.conftest import make_category, make_post, make_user

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_application_password_creates_edits_and_deletes_a_draft(author_user):
    api = client_for(author_user)
    news = make_category("News")
    created = api.post(
        "/wp-json/wp/v2/posts",
        {"title": "From a tool", "content": "<p>Body</p>", "categories": [news.pk]},
        format="json",
    )
    assert created.status_code == 201
    item = created.json()
    assert item["status"] == "draft" and item["title"]["raw"] == "From a tool"
    post = Post.objects.get(pk=item["id"])
    assert post.author == author_user and post.status == Post.Status.DRAFT
    assert list(post.categories.all()) == [news]
    assert created["Location"].endswith(f"/wp-json/wp/v2/posts/{post.pk}")

    edited = api.post(
        f"/wp-json/wp/v2/posts/{post.pk}",
        {"title": {"raw": "Renamed"}, "status": "publish"},
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["status"] == "publish"
    post.refresh_from_db()
    assert post.title == "Renamed" and post.is_published and post.body == "<p>Body</p>"

    deleted = api.delete(f"/wp-json/wp/v2/posts/{post.pk}?force=true")
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    assert not Post.objects.filter(pk=post.pk).exists()


def test_an_author_cannot_edit_or_delete_another_authors_post(author_user):
    other = make_post("Theirs", author=make_user(groups=["Authors"]))
    api = client_for(author_user)
    response = api.post(f"/wp-json/wp/v2/posts/{other.pk}", {"title": "Mine now"}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "code": "rest_cannot_edit",
        "message": "Sorry, you are not allowed to edit this post.",
        "data": {"status": 403},
    }
    assert api.delete(f"/wp-json/wp/v2/posts/{other.pk}").status_code == 403
    other.refresh_from_db()
    assert other.title == "Theirs"


def test_an_author_cannot_post_as_someone_else(author_user):
    someone = make_user()
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts", {"title": "x", "author": someone.pk}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "rest_cannot_edit_others"
    assert not Post.objects.exists()


def test_an_editor_edits_anyones_post(editor_user):
    other = make_post("Theirs", author=make_user(groups=["Authors"]))
    response = client_for(editor_user).patch(
        f"/wp-json/wp/v2/posts/{other.pk}", {"title": "Edited"}, format="json"
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.title == "Edited"


def test_a_reader_account_cannot_write_posts():
    reader = make_user()
    response = client_for(reader).post("/wp-json/wp/v2/posts", {"title": "x"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "rest_cannot_create"


def test_writing_without_a_sign_in_is_401(api):
    response = api.post("/wp-json/wp/v2/posts", {"title": "x"}, format="json")
    assert response.status_code == 401 and response.json()["code"] == "rest_cannot_create"


def test_a_script_in_the_body_is_sanitized(author_user):
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts",
        {"title": "x", "content": '<p>Hi</p><script>alert(1)</script><a href="javascript:x">l</a>'},
        format="json",
    )
    post = Post.objects.get(pk=response.json()["id"])
    assert "<script" not in post.body and "javascript:" not in post.body
    assert "<script" not in response.json()["content"]["rendered"]


def test_malformed_json_is_400_and_saves_nothing(author_user):
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts", '{"title": "x",', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "rest_invalid_json"
    assert response.json()["data"]["status"] == 400
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "body, param",
    [
        ({"title": "x", "status": "published-ish"}, "status"),
        ({"title": "x", "categories": [999999]}, "categories"),
        ({"title": "x", "date": "yesterday"}, "date"),
        ({"title": "x", "sticky": "perhaps"}, "sticky"),
    ],
)
def test_an_invalid_field_is_400_naming_it_and_saves_nothing(author_user, body, param):
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "rest_invalid_param"
    assert param in response.json()["data"]["params"]
    assert not Post.objects.exists()


def test_an_unknown_post_is_404_invalid_id(author_user):
    response = client_for(author_user).post("/wp-json/wp/v2/posts/999999", {}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "rest_post_invalid_id"


def test_an_author_creates_tags_but_only_an_editor_creates_categories(author_user, editor_user):
    author_api, editor_api = client_for(author_user), client_for(editor_user)
    tag = author_api.post("/wp-json/wp/v2/tags", {"name": "New tag"}, format="json")
    assert tag.status_code == 201 and Tag.objects.get(pk=tag.json()["id"]).slug == "new-tag"
    refused = author_api.post("/wp-json/wp/v2/categories", {"name": "Nope"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "rest_cannot_create"
    parent = make_category("Parent")
    made = editor_api.post(
        "/wp-json/wp/v2/categories", {"name": "Child", "parent": parent.pk}, format="json"
    )
    assert made.status_code == 201 and made.json()["parent"] == parent.pk
    again = author_api.post("/wp-json/wp/v2/tags", {"name": "new tag"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "term_exists"


def test_a_comment_goes_through_moderation(author_user):
    post = make_post()
    response = client_for(make_user()).post(
        "/wp-json/wp/v2/comments",
        {"post": post.pk, "content": "Nice <script>x</script> post"},
        format="json",
    )
    assert response.status_code == 201
    comment = Comment.objects.get(pk=response.json()["id"])
    assert "<script" not in comment.body
    assert comment.moderation_reason
    assert comment.status in (Comment.Status.PENDING, Comment.Status.APPROVED)


def test_a_comment_needs_a_sign_in_and_a_public_post(api, author_user):
    post = make_post()
    refused = api.post("/wp-json/wp/v2/comments", {"post": post.pk, "content": "x"}, format="json")
    assert refused.status_code == 401
    assert refused.json()["code"] == "rest_comment_login_required"
    draft = make_post(status=Post.Status.DRAFT)
    response = client_for(author_user).post(
        "/wp-json/wp/v2/comments", {"post": draft.pk, "content": "x"}, format="json"
    )
    assert response.status_code == 400 and "post" in response.json()["data"]["params"]
    assert not Comment.objects.exists()


def test_moderators_approve_and_others_cannot(api):
    post = make_post()
    comment = Comment.objects.create(
        post=post, author_name="A", body="<p>Hi</p>", status=Comment.Status.PENDING
    )
    assert api.get(f"/wp-json/wp/v2/comments/{comment.pk}").status_code == 404
    assert api.get("/wp-json/wp/v2/comments").json() == []
    moderator = client_for(make_user(groups=["Moderators"]))
    held = moderator.get("/wp-json/wp/v2/comments?status=hold&context=edit").json()
    assert [c["id"] for c in held] == [comment.pk] and "author_email" in held[0]
    reader = client_for(make_user())
    refused = reader.post(
        f"/wp-json/wp/v2/comments/{comment.pk}", {"status": "approved"}, format="json"
    )
    assert refused.status_code == 404
    approved = moderator.post(
        f"/wp-json/wp/v2/comments/{comment.pk}", {"status": "approved"}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    post.refresh_from_db()
    assert post.comment_count == 1
    listed = api.get(f"/wp-json/wp/v2/comments?post={post.pk}").json()
    assert [c["id"] for c in listed] == [comment.pk] and "author_email" not in listed[0]
    assert (
        reader.post(
            f"/wp-json/wp/v2/comments/{comment.pk}", {"status": "spam"}, format="json"
        ).json()["code"]
        == "rest_cannot_edit"
    )
    assert moderator.delete(f"/wp-json/wp/v2/comments/{comment.pk}").json()["status"] == "trash"


def test_session_writes_keep_csrf(author_user):
    from rest_framework.test import APIClient

    api = APIClient(enforce_csrf_checks=True)
    api.force_login(author_user)
    response = api.post("/wp-json/wp/v2/posts", {"title": "x"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    assert response.json()["code"] == "rest_cookie_invalid_nonce"
    assert not Post.objects.exists()


def test_a_body_that_is_not_an_object_is_400(author_user):
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts", "[1, 2]", content_type="application/json"
    )
    assert response.status_code == 400 and "body" in response.json()["data"]["params"]
    assert not Post.objects.exists()


def test_a_body_over_the_upload_limit_is_413_and_saves_nothing(author_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"title": "x", "content": "a" * 20_000})
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts", body, content_type="application/json"
    )
    assert response.status_code == 413 and response.json()["code"] == "rest_request_too_large"
    assert not Post.objects.exists()


def test_publishing_a_draft_dates_it_now_and_slugs_are_cleaned(author_user):
    from django.utils import timezone

    api = client_for(author_user)
    begun = timezone.now() - timezone.timedelta(days=3)
    draft = make_post(author=author_user, status=Post.Status.DRAFT, published_at=begun)
    response = api.post(
        f"/wp-json/wp/v2/posts/{draft.pk}",
        {"status": "publish", "slug": "Hello World!"},
        format="json",
    )
    draft.refresh_from_db()
    assert draft.published_at > begun + timezone.timedelta(days=2)
    assert draft.slug == "hello-world" and response.json()["slug"] == "hello-world"


def test_a_scheduled_post_is_future_and_stays_hidden(api, author_user):
    response = client_for(author_user).post(
        "/wp-json/wp/v2/posts",
        {"title": "Later", "status": "future", "date_gmt": "2099-01-01T10:00:00"},
        format="json",
    )
    assert response.json()["status"] == "future"
    assert response.json()["date_gmt"] == "2099-01-01T10:00:00"
    assert api.get("/wp-json/wp/v2/posts").json() == []


def test_a_comment_is_taken_on_a_post_published_after_the_server_started(api):
    import time

    from django.utils import timezone

    api.get("/wp-json/")  # the API's modules are loaded
    time.sleep(0.05)
    post = make_post(published_at=timezone.now() - timezone.timedelta(milliseconds=10))
    response = client_for(make_user()).post(
        "/wp-json/wp/v2/comments", {"post": post.pk, "content": "First!"}, format="json"
    )
    assert response.status_code == 201
    assert "author_email" not in response.json()


def test_a_session_write_with_its_csrf_token_is_taken(author_user):
    from rest_framework.test import APIClient

    api = APIClient(enforce_csrf_checks=True)
    api.force_login(author_user)
    api.get("/admin/")
    token = api.cookies["csrftoken"].value
    response = api.post(
        "/wp-json/wp/v2/posts", {"title": "From the browser"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
    assert Post.objects.get().author == author_user


@pytest.mark.parametrize("status", ["publish", "future", "private"])
def test_a_contributor_cannot_publish_through_rest(contributor_user, status):
    api = client_for(contributor_user)

    created = api.post("/wp-json/wp/v2/posts", {"title": "Out", "status": status}, format="json")

    assert created.status_code == 403 and created.json()["code"] == "rest_cannot_publish"
    assert not Post.objects.exists()
    pending = api.post("/wp-json/wp/v2/posts", {"title": "In", "status": "pending"}, format="json")
    assert pending.status_code == 201
