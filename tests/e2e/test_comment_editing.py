"""A reader edits their comment while the window is open, and cannot once it has closed."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment, CommentRevision
from tests.comments.helpers import make_comment
from tests.conftest import make_post
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def post_as_guest(page, post, body):
    page.goto(post.get_absolute_url())
    expect(page.locator("#id_timestamp")).not_to_have_value("")
    page.fill("#id_body", body)
    page.fill("#id_author_name", "Ada Reader")
    page.fill("#id_author_email", "ada@example.com")
    page.check("#id_save_details")
    page.click("#commentform button[type=submit]")
    comment = Comment.objects.order_by("-pk").first()
    expect(page.locator(f"#comment-{comment.pk}")).to_be_visible()
    return comment


def test_a_guest_edits_their_comment_within_the_window_and_not_after(page):
    post = make_post("A post to comment on")
    make_comment(post, author_name="Ada Reader", author_email="ada@example.com")
    comment = post_as_guest(page, post, "I think the sky is gren.")
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine.locator(".comment-own-actions")).to_contain_text("Edit")
    screenshot(page, "comment-own-actions")
    after_posting = page.url

    assert serious_violations(page) == []
    mine.get_by_role("link", name="Edit").click()
    expect(page.locator("h1")).to_contain_text("Edit your comment")
    assert serious_violations(page) == []
    page.fill("textarea[name=body]", "I think the sky is green.")
    page.click(".comment-edit-form button[type=submit]")

    expect(page.locator(".site-messages")).to_contain_text("Your comment is updated.")
    expect(page.locator(f"#comment-{comment.pk} .comment-content")).to_have_text(
        "I think the sky is green."
    )
    assert "gren" in CommentRevision.objects.get(comment=comment).body

    Comment.objects.filter(pk=comment.pk).update(
        created=timezone.now() - timezone.timedelta(minutes=16)
    )
    page.goto(after_posting)
    expect(page.locator(f"#comment-{comment.pk}")).to_be_visible()
    expect(page.locator(".comment-own-actions")).to_have_count(0)

    response = page.goto(
        f"/comments/{comment.pk}/edit/?{after_posting.split('?')[1].split('#')[0]}"
    )
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("can no longer be changed")
    assert "green." in Comment.objects.get(pk=comment.pk).body


def test_the_saved_details_fill_the_next_form_though_scripts_cannot_read_them(new_context):
    post = make_post("Twice")
    page = new_context().new_page()
    post_as_guest(page, post, "Once.")

    page.goto(make_post("Another").get_absolute_url())

    expect(page.locator("#id_author_name")).to_have_value("Ada Reader")
    expect(page.locator("#id_author_email")).to_have_value("ada@example.com")
    assert "comment_author" not in page.evaluate("document.cookie")
    assert re.search(r"three cookies", page.inner_text("#commentform"))
