"""A commenter edits or deletes their own comment for a while after posting."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, CommentRevision
from posts.models import Post
from tests.comments.helpers import fresh_ip, make_comment, page_of, post_comment, set_rules
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

Status = Comment.Status


def known_guest(post=None):
    """A guest whose earlier comment was approved, so that a new one is approved too."""
    make_comment(post or make_post(), author_name="Ann Reader", author_email="ann@example.com")


def post_as_guest(client, post, body="First thoughts."):
    response = post_comment(client, post, body=body, ip=fresh_ip())
    assert response.status_code == 302, response.content[:300]
    return Comment.objects.order_by("-pk").first(), response["Location"]


def key_of(location):
    return parse_qs(urlsplit(location).query)["moderation-hash"][0]


def edit(client, comment, body, key=None):
    data = {"body": body}
    if key:
        data["key"] = key
    return client.post(f"/comments/{comment.pk}/edit/", data)


def age(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(
        created=timezone.now() - timezone.timedelta(minutes=minutes)
    )


def test_a_guest_comes_back_to_their_approved_comment_with_edit_and_delete_links(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post)
    assert comment.status == Status.APPROVED

    page = page_of(client.get(location))

    own = page.by_id(f"comment-{comment.pk}").find("p", cls="comment-own-actions")
    links = {a.text: a.attrs["href"] for a in own.find_all("a")}
    query = urlencode({"key": key_of(location)})
    assert links["Edit"] == f"/comments/{comment.pk}/edit/?{query}"
    assert links["Delete"] == f"/comments/{comment.pk}/delete/?{query}"


def test_a_guest_edits_their_comment_with_the_key_and_moderators_keep_the_old_text(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post, body="Frist!")
    key = key_of(location)
    assert client.get(f"/comments/{comment.pk}/edit/", {"key": key}).status_code == 200

    response = edit(client, comment, "First!", key)

    assert response.status_code == 302
    comment.refresh_from_db()
    assert "First!" in comment.body and comment.status == Status.APPROVED
    revision = CommentRevision.objects.get(comment=comment)
    assert "Frist!" in revision.body and revision.status == Status.APPROVED
    assert "Your comment is updated." in client.get(response["Location"]).text


def test_an_edit_is_shown_to_every_reader_at_once(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post, body="Before the edit")
    reader = Client()
    assert "Before the edit" in reader.get(post.get_absolute_url()).text
    assert reader.get(post.get_absolute_url())["X-Page-Cache"] == "hit"

    edit(client, comment, "After the edit", key_of(location))

    assert "After the edit" in reader.get(post.get_absolute_url()).text


def test_an_approved_comment_that_now_has_three_links_goes_back_to_pending(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post)
    links = " ".join(f'<a href="https://spam{n}.example/">x</a>' for n in range(3))

    edit(client, comment, f"Now with {links}", key_of(location))

    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.moderation_reason == "edited by its author: contains 3 links (more than 2)"
    assert Post.objects.get(pk=post.pk).comment_count == 1
    assert "Now with" not in Client().get(post.get_absolute_url()).text


def test_an_edit_with_a_disallowed_word_is_spam(client):
    post = make_post()
    known_guest(post)
    set_rules(block_words="casino")
    comment, location = post_as_guest(client, post)

    edit(client, comment, "Visit my casino", key_of(location))

    assert Comment.objects.get(pk=comment.pk).status == Status.SPAM


def test_a_held_comment_stays_held_whatever_the_edit_says(client):
    post = make_post()
    comment, location = post_as_guest(client, post, body="Held at first")
    assert comment.status == Status.PENDING

    edit(client, comment, "Still waiting", key_of(location))

    comment.refresh_from_db()
    assert comment.status == Status.PENDING and "Still waiting" in comment.body


def test_after_the_window_the_edit_is_refused_with_a_clear_message(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post, body="Too late to change")
    age(comment, 16)

    response = edit(client, comment, "Changed", key_of(location))

    assert response.status_code == 403
    assert "can no longer be changed" in response.text
    assert "15 minutes" in response.text
    assert "Too late to change" in Comment.objects.get(pk=comment.pk).body
    assert not CommentRevision.objects.exists()


def test_the_window_is_a_setting(client, settings):
    settings.COMMENT_EDIT_WINDOW = 60
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post)
    age(comment, 2)

    key = key_of(location)
    assert client.get(f"/comments/{comment.pk}/edit/", {"key": key}).status_code == 403


def test_after_the_window_the_page_no_longer_offers_the_links(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post)
    age(comment, 16)

    page = page_of(client.get(location))

    assert page.find("p", cls="comment-own-actions") is None


@pytest.mark.parametrize("key", [None, "forged", "other"])
def test_someone_without_the_right_key_cannot_edit_a_guests_comment(client, key):
    post = make_post()
    known_guest(post)
    comment, _ = post_as_guest(client, post, body="Mine")
    _, other_location = post_as_guest(Client(), post, body="Someone else's")
    if key == "other":
        key = key_of(other_location)

    response = edit(Client(), comment, "Hijacked", key)

    assert response.status_code == 403
    assert "Only the person who wrote this comment" in response.text
    assert "Mine" in Comment.objects.get(pk=comment.pk).body


def test_an_empty_edit_is_refused_and_changes_nothing(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post, body="Keep me")

    response = edit(client, comment, "   ", key_of(location))

    assert response.status_code == 400
    assert "Please type your comment." in response.text
    assert "Keep me" in Comment.objects.get(pk=comment.pk).body
    assert not CommentRevision.objects.exists()


def test_an_edit_is_sanitized(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post)

    edit(client, comment, "Hello <script>alert(1)</script>", key_of(location))

    assert "<script" not in Comment.objects.get(pk=comment.pk).body


def test_a_signed_in_reader_edits_their_comment_from_their_session(client):
    reader = make_user("reader", email="reader@example.com")
    client.force_login(reader)
    post = make_post()
    comment = make_comment(post, user=reader, minutes_ago=1, body="<p>Signed in</p>")

    page = page_of(client.get(post.get_absolute_url()))
    own = page.by_id(f"comment-{comment.pk}").find("p", cls="comment-own-actions")
    assert own.find("a").attrs["href"] == f"/comments/{comment.pk}/edit/"

    assert edit(client, comment, "Signed in, edited").status_code == 302
    assert "edited" in Comment.objects.get(pk=comment.pk).body


def test_another_reader_cannot_edit_a_signed_in_readers_comment(client):
    post = make_post()
    comment = make_comment(post, user=make_user("writer"), minutes_ago=1)
    client.force_login(make_user("other"))

    assert edit(client, comment, "Not yours").status_code == 403
    page = page_of(client.get(post.get_absolute_url()))
    assert page.find("p", cls="comment-own-actions") is None


def test_a_guests_cached_page_offers_no_edit_links(client):
    post = make_post()
    make_comment(post, minutes_ago=1)

    client.get(post.get_absolute_url())
    response = client.get(post.get_absolute_url())

    assert response["X-Page-Cache"] == "hit"
    assert "comment-own-actions" not in response.text


def test_a_guest_deletes_their_comment_to_the_trash(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post, body="Regret this")
    key = key_of(location)
    assert client.get(f"/comments/{comment.pk}/delete/", {"key": key}).status_code == 200

    response = client.post(f"/comments/{comment.pk}/delete/", {"key": key})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.TRASH and comment.moderation_reason == "deleted by its author"
    assert Post.objects.get(pk=post.pk).comment_count == 1
    assert "Regret this" not in Client().get(post.get_absolute_url()).text


def test_a_deletion_after_the_window_is_refused(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(client, post)
    age(comment, 20)

    response = client.post(f"/comments/{comment.pk}/delete/", {"key": key_of(location)})

    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH])
def test_spam_and_trash_cannot_be_edited(client, status):
    reader = make_user("reader")
    client.force_login(reader)
    comment = make_comment(make_post(), user=reader, status=status, minutes_ago=1)

    assert edit(client, comment, "Back").status_code == 404


def test_an_unknown_comment_is_not_found(client):
    assert client.get("/comments/999999/edit/").status_code == 404


def test_the_moderators_see_the_earlier_text_in_the_queue(client):
    post = make_post()
    known_guest(post)
    comment, location = post_as_guest(Client(), post, body="The original words")
    edit(Client(), comment, "The new words", key_of(location))
    client.force_login(make_user("mod", groups=["Moderators"]))

    page = page_of(client.get("/admin/comments/comment/"))

    revisions = page.by_id(f"comment-{comment.pk}").find("details", cls="queue-revisions")
    assert "1 earlier version" in revisions.text
    assert "The original words" in revisions.text
    change = client.get(f"/admin/comments/comment/{comment.pk}/change/")
    assert "The original words" in change.text
