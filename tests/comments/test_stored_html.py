"""A comment's HTML is made when it is written and follows its changes; the post page reads it."""

import pytest

from comments import rendering
from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.comments.test_queries import POST_PAGE_MAX_QUERIES, add_threaded_comments
from tests.conftest import clear_cache, make_post, make_user

pytestmark = pytest.mark.django_db

# A signed-in reader's page: the guest's page's queries, and the session, the account,
# the reader's social accounts and whether they follow the blog; raise it on purpose only.
SIGNED_IN_POST_PAGE_MAX_QUERIES = 19


def page(client, post):
    clear_cache()
    return client.get(post.get_absolute_url()).text


def stored(comment):
    return Comment.objects.values_list("html", "html_version").get(pk=comment.pk)


def test_a_new_comment_is_stored_with_its_html_and_its_own_permalink():
    comment = make_comment(make_post(), body="<p>Stored at once</p>")

    html, version = stored(comment)

    assert "Stored at once" in html
    assert f'href="#comment-{comment.pk}"' in html
    assert version == rendering.current_version()


def test_a_held_comment_approved_shows_on_the_page_without_the_moderation_notice(client):
    post = make_post()
    comment = make_comment(post, status=Comment.Status.PENDING, body="<p>Held then approved</p>")
    assert "awaiting moderation" in stored(comment)[0]
    assert "Held then approved" not in page(client, post)

    comment.set_status(Comment.Status.APPROVED)

    assert "awaiting moderation" not in stored(comment)[0]
    html = page(client, post)
    assert "Held then approved" in html
    assert "awaiting moderation" not in html


def test_a_comment_marked_as_spam_leaves_the_page(client):
    post = make_post()
    comment = make_comment(post, body="<p>Soon spam</p>")
    assert "Soon spam" in page(client, post)

    Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.SPAM)

    assert "Soon spam" not in page(client, post)


def test_an_edited_comment_shows_its_new_text(client):
    post = make_post()
    comment = make_comment(post, body="<p>First words</p>")

    comment.body = "<p>Second words</p>"
    comment.save(update_fields=["body"])

    html = page(client, post)
    assert "Second words" in html
    assert "First words" not in html


def test_a_new_template_version_renders_the_stored_html_again_on_the_next_read(client, monkeypatch):
    post = make_post()
    comment = make_comment(post, body="<p>Kept</p>")
    Comment.objects.filter(pk=comment.pk).update(html="<p>made by an older template</p>")

    monkeypatch.setattr(rendering, "TEMPLATE_VERSION", rendering.TEMPLATE_VERSION + 1)
    html = page(client, post)

    assert "older template" not in html
    assert "Kept" in html
    assert stored(comment)[1] == rendering.current_version()


def test_changing_the_avatar_setting_renders_the_stored_html_again(client, settings):
    post = make_post()
    make_comment(post, author_email="ann@example.com")

    settings.COMMENT_AVATARS = "gravatar"

    assert "secure.gravatar.com/avatar/" in page(client, post)


def test_comments_made_in_bulk_get_their_html_from_the_first_read_and_keep_it(
    client, django_assert_max_num_queries
):
    post = make_post()
    add_threaded_comments(post, 50)
    assert set(Comment.objects.values_list("html", flat=True)) == {""}

    first = page(client, post)
    with django_assert_max_num_queries(POST_PAGE_MAX_QUERIES):
        second = page(client, post)

    assert first == second
    assert "Comment number 50" in second
    assert "" not in set(Comment.objects.values_list("html", flat=True))


def test_the_post_page_with_50_comments_and_an_own_comment_stays_within_its_budget(
    client, django_assert_max_num_queries
):
    reader = make_user()
    post = make_post()
    add_threaded_comments(post, 50)
    make_comment(post, user=reader, author_name="Me", body="<p>Mine</p>", minutes_ago=1)
    client.force_login(reader)
    page(client, post)

    clear_cache()
    with django_assert_max_num_queries(SIGNED_IN_POST_PAGE_MAX_QUERIES):
        html = client.get(post.get_absolute_url()).text

    assert "51 Responses to" in html
    assert html.count('class="comment-own-actions"') == 1
