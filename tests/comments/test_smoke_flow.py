import pytest

from comments.models import Comment
from tests.conftest import make_post

pytestmark = pytest.mark.django_db


def test_guest_comment_is_held_and_shown_only_to_its_author(client):
    post = make_post("Commented")
    page = client.get(post.get_absolute_url())
    assert "No comments yet." in page.text
    token = client.get(f"/comments/form-token/?post={post.pk}").json()
    response = client.post(
        "/comments/post/",
        {
            "post": post.pk,
            "body": "Nice post!",
            "author_name": "Ann",
            "author_email": "ann@example.com",
            "timestamp": token["timestamp"],
            "csrfmiddlewaretoken": token["csrf"],
        },
    )
    assert response.status_code == 302, response.text[:2000]
    comment = Comment.objects.get()
    assert comment.status == "pending"
    own = client.get(response["Location"])
    assert "Your comment is awaiting moderation." in own.text
    assert "Nice post!" in own.text
