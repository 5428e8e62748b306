"""What each role may do over XML-RPC: the admin's and the REST API's rules, WordPress's
fault 401 for the rest, and nothing changed by a refused call."""

import pytest

from posts.models import Category, Post
from tests.api.xmlrpc_calls import call, credentials, fault
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db


def snapshot():
    return list(Post.objects.order_by("pk").values("pk", "title", "status", "body", "author"))


def test_an_author_may_not_edit_or_delete_another_authors_post(client, author_user):
    theirs = make_post("Theirs", author=make_user("bob", groups=["Authors"]))
    username, password = credentials(author_user)
    before = snapshot()

    edit = fault(client, "wp.editPost", 1, username, password, theirs.pk, {"post_title": "Mine"})
    mw_edit = fault(client, "metaWeblog.editPost", str(theirs.pk), username, password, {}, True)
    delete = fault(client, "wp.deletePost", 1, username, password, theirs.pk)
    read = fault(client, "wp.getPost", 1, username, password, theirs.pk)

    assert edit == (401, "Sorry, you are not allowed to edit this post.")
    assert mw_edit == edit and read == edit
    assert delete == (401, "Sorry, you are not allowed to delete this post.")
    assert snapshot() == before


def test_an_editor_may_edit_anyones_post(client, editor_user):
    theirs = make_post("Theirs")
    username, password = credentials(editor_user)

    call(client, "wp.editPost", 1, username, password, theirs.pk, {"post_title": "Edited"})

    theirs.refresh_from_db()
    assert theirs.title == "Edited"


@pytest.mark.parametrize("status", ["publish", "future", "private"])
def test_a_contributor_may_not_publish_and_nothing_is_saved(client, contributor_user, status):
    username, password = credentials(contributor_user)
    content = {
        "post_title": "Straight out",
        "post_status": status,
        "terms_names": {"post_tag": ["x"]},
    }

    code, message = fault(client, "wp.newPost", 1, username, password, content)

    assert code == 401 and "not allowed to" in message
    assert not Post.objects.exists()


def test_a_contributor_submits_for_review_instead(client, contributor_user):
    username, password = credentials(contributor_user)

    post_id = call(
        client,
        "wp.newPost",
        1,
        username,
        password,
        {"post_title": "For review", "post_status": "pending"},
    )

    assert Post.objects.get(pk=post_id).status == Post.Status.PENDING
    assert fault(client, "mt.publishPost", post_id, username, password) == (
        401,
        "Sorry, you are not allowed to publish this post.",
    )
    assert fault(client, "metaWeblog.newPost", 1, username, password, {"title": "Out"}, True) == (
        401,
        "Sorry, you are not allowed to publish posts on this site.",
    )
    assert Post.objects.count() == 1


def test_a_contributor_may_not_upload(client, contributor_user):
    username, password = credentials(contributor_user)
    upload = {"name": "a.png", "type": "image/png", "bits": b"x"}

    assert fault(client, "wp.uploadFile", 1, username, password, upload) == (
        401,
        "Sorry, you are not allowed to upload files.",
    )


def test_an_author_may_not_give_a_post_to_someone_else_or_stick_it(client, author_user):
    other = make_user("bob", groups=["Authors"])
    username, password = credentials(author_user)

    as_other = fault(
        client, "wp.newPost", 1, username, password, {"post_title": "x", "post_author": other.pk}
    )
    sticky = fault(client, "wp.newPost", 1, username, password, {"post_title": "x", "sticky": True})

    assert as_other == (401, "Sorry, you are not allowed to create posts as this user.")
    assert sticky == (401, "Sorry, you are not allowed to make posts sticky.")
    assert not Post.objects.exists()


def test_a_reader_without_a_role_may_not_post(client):
    username, password = credentials(make_user("reader"))

    assert fault(client, "wp.newPost", 1, username, password, {"post_title": "x"}) == (
        401,
        "Sorry, you are not allowed to post on this site.",
    )
    assert fault(client, "wp.getPosts", 1, username, password)[0] == 401


def test_an_author_may_not_make_categories_by_name(client, author_user):
    username, password = credentials(author_user)
    content = {"post_title": "x", "terms_names": {"category": ["Brand new"]}}

    assert fault(client, "wp.newPost", 1, username, password, content) == (
        401,
        "Sorry, you are not allowed to add a term to one of the given taxonomies.",
    )
    assert not Post.objects.exists()
    assert not Category.objects.filter(name="Brand new").exists()


def test_comments_are_moderated_by_moderators_only(client, author_user, editor_user):
    post = make_post("Open")
    username, password = credentials(author_user)
    comment_id = call(client, "wp.newComment", 1, username, password, post.pk, {"content": "Hi!"})

    assert fault(client, "wp.getComment", 1, username, password, comment_id)[0] == 403
    assert fault(client, "wp.getComments", 1, username, password) == (
        401,
        "Invalid comment status.",
    )
    approved = call(client, "wp.getComments", 1, username, password, {"status": "approve"})
    assert [c["comment_id"] for c in approved] == [str(comment_id)]

    editor, editor_password = credentials(editor_user)
    assert call(
        client, "wp.editComment", 1, editor, editor_password, comment_id, {"status": "hold"}
    )
    assert call(client, "wp.getComment", 1, editor, editor_password, comment_id)["status"] == "hold"
    assert call(client, "wp.deleteComment", 1, editor, editor_password, comment_id) is True
    assert (
        call(client, "wp.getComment", 1, editor, editor_password, comment_id)["status"] == "trash"
    )
