"""A reader comments, a moderator approves, everyone sees it; replies nest."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from tests.conftest import make_post, make_user
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SUBMIT = "#commentform button[type=submit]"


def wait_for_form_token(page):
    """The page's script has fetched this visitor's CSRF token and form timestamp."""
    expect(page.locator("#id_timestamp")).not_to_have_value("")


def fill_comment(page, body, name="Ada Reader", email="ada@example.com"):
    page.fill("#id_body", body)
    page.fill("#id_author_name", name)
    page.fill("#id_author_email", email)


def test_guest_comment_waits_for_moderation_then_everyone_sees_it(new_context):
    post = make_post("A post worth answering")
    make_user("moderator", groups=["Moderators"], password="mod-pass-123")

    guest = new_context().new_page()
    guest.goto(post.get_absolute_url())
    wait_for_form_token(guest)
    fill_comment(guest, "A first thought from a guest.")
    guest.click(SUBMIT)
    guest.wait_for_selector(".comment-awaiting-moderation")
    assert "A first thought from a guest." in guest.inner_text("#comments")
    screenshot(guest, "comment-awaiting-moderation")

    other = new_context().new_page()
    other.goto(post.get_absolute_url())
    assert "A first thought from a guest." not in other.content()

    admin = new_context().new_page()
    admin.goto("/admin/comments/comment/?status=pending")
    admin.fill("#id_username", "moderator")
    admin.fill("#id_password", "mod-pass-123")
    admin.click("input[type=submit]")
    admin.wait_for_selector("#result_list")
    assert "Comments awaiting moderation: 1" in admin.text_content("#user-tools")
    admin.check("#result_list input.action-select")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.wait_for_selector(".messagelist")
    screenshot(admin, "moderation-queue-approved")
    assert Comment.objects.get().status == Comment.Status.APPROVED

    other.reload()
    assert "A first thought from a guest." in other.inner_text("#comments")
    assert "1 Response to" in other.inner_text("#comments-title")


def earlier_comment(post, body="The parent comment."):
    return Comment.objects.create(
        post=post,
        author_name="Ada Reader",
        author_email="ada@example.com",
        body=f"<p>{body}</p>",
        status=Comment.Status.APPROVED,
        created=timezone.now() - timezone.timedelta(minutes=5),
    )


def test_reply_with_javascript_nests_under_its_parent(page):
    post = make_post("Threads")
    parent = earlier_comment(post)
    Comment.refresh_counts({post.pk})
    page.goto(post.get_absolute_url())
    wait_for_form_token(page)
    page.click(f"#comment-{parent.pk} .comment-reply-link")
    # The form moved under the comment without a reload.
    assert page.locator(f"#comment-{parent.pk} #respond").count() == 1
    assert "Leave a Reply to Ada Reader" in page.inner_text("#reply-title")
    fill_comment(page, "A reply, nested.")
    page.click(SUBMIT)
    page.wait_for_selector(f"#comment-{parent.pk} ol.children li")
    assert "A reply, nested." in page.inner_text(f"#comment-{parent.pk} ol.children")
    screenshot(page, "reply-with-javascript")


def test_reply_without_javascript_nests_under_its_parent(new_context):
    post = make_post("Threads without scripts")
    parent = earlier_comment(post)
    page = new_context(java_script_enabled=False).new_page()
    page.goto(post.get_absolute_url())
    page.click(f"#comment-{parent.pk} .comment-reply-link")
    assert f"replytocom={parent.pk}" in page.url
    assert "Leave a Reply to Ada Reader" in page.inner_text("#reply-title")
    fill_comment(page, "A reply, sent without JavaScript.")
    page.click(SUBMIT)
    # A cached page carries no token: the reader confirms once, nothing is lost.
    assert "please check it" in page.inner_text("#respond")
    assert page.input_value("#id_body") == "A reply, sent without JavaScript."
    screenshot(page, "reply-without-javascript-confirm")
    page.click(SUBMIT)
    page.wait_for_selector(f"#comment-{parent.pk} ol.children li")
    assert "A reply, sent without JavaScript." in page.inner_text(
        f"#comment-{parent.pk} ol.children"
    )
