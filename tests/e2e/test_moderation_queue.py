"""A moderator works through the queue with the row actions, by mouse and by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from comments import queue_views
from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.conftest import make_post, make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "/admin/comments/comment/"
Status = Comment.Status
PASSWORD = "pw-for-tests-123"


@pytest.fixture
def queue_site():
    make_user("mod", groups=["Moderators"], first_name="Mo", last_name="Derator")
    first = make_post("A post with a long title that people like to comment on")
    second = make_post("Another post")
    held = [
        make_comment(
            first,
            status=Status.PENDING,
            author_name=f"Reader {n}",
            author_email=f"reader{n}@example.com",
            author_url=f"https://reader-{n}.example/a/rather/long/path/to/a/personal/page/",
            ip=f"198.51.100.{n}",
            body=f"<p>Held comment number {n}, with <a href='https://x.example/'>a link</a>.</p>",
            moderation_reason="contains 3 links (more than 2)",
            minutes_ago=10 + n,
        )
        for n in range(3)
    ]
    make_comment(second, status=Status.PENDING, author_name="Other", minutes_ago=30)
    make_comment(first, status=Status.APPROVED, author_name="Approved Reader", minutes_ago=40)
    return {"held": held, "post": first}


def sign_in(page, next_url=QUEUE):
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", "mod")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    page.wait_for_load_state("load")  # the queue's deferred script is listening


def row(page, comment):
    return page.locator("tr", has=page.locator(f"#comment-{comment.pk}"))


def header_pending(page):
    return page.locator('.pending-comments [data-count="pending"]')


def filter_count(page, key):
    return page.locator(f'#changelist-filter [data-count="{key}"]')


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


def mark_page(page):
    """A mark that a reload would wipe out: the actions must keep it."""
    page.evaluate("window.notReloaded = true")


def still_same_page(page):
    return page.evaluate("window.notReloaded === true")


def test_a_moderator_approves_spams_undoes_and_replies_with_the_mouse(page, queue_site):
    first, second, third = queue_site["held"]
    sign_in(page)
    mark_page(page)
    expect(header_pending(page)).to_have_text("4")

    row(page, first).get_by_role("button", name="Approve").click()

    expect(page.locator(f"#comment-{first.pk}")).to_have_attribute("data-status", "approved")
    expect(header_pending(page)).to_have_text("3")
    expect(filter_count(page, "pending")).to_have_text("3")
    expect(filter_count(page, "approved")).to_have_text("2")
    expect(row(page, second).locator(".queue-pending-number")).to_have_text("2")
    assert status_of(first) == Status.APPROVED

    row(page, second).get_by_role("button", name="Spam").click()

    expect(row(page, second)).to_be_hidden()
    expect(filter_count(page, "spam")).to_have_text("1")
    expect(header_pending(page)).to_have_text("2")
    page.locator("#queue-notices").get_by_role("button", name="Undo").click()
    expect(row(page, second)).to_be_visible()
    expect(header_pending(page)).to_have_text("3")
    expect(filter_count(page, "spam")).to_have_text("0")
    assert status_of(second) == Status.PENDING

    row(page, third).get_by_role("link", name="Reply").click()
    editor = page.locator(".queue-editor-row")
    editor.locator("textarea").fill("Thanks for writing, Reader 2.")
    editor.get_by_role("button", name="Approve and Reply").click()

    expect(editor).to_have_count(0)
    expect(page.locator(f"#comment-{third.pk}")).to_have_attribute("data-status", "approved")
    expect(page.locator("#queue-notices")).to_contain_text("Your reply to Reader 2 is published.")
    reply = Comment.objects.get(parent=third)
    assert reply.status == Status.APPROVED and "Thanks for writing" in reply.body
    expect(header_pending(page)).to_have_text("2")
    assert still_same_page(page)


def test_a_moderator_works_the_queue_from_the_keyboard(page, queue_site):
    first, second, third = queue_site["held"]
    sign_in(page, f"{QUEUE}?status=pending")
    mark_page(page)

    page.keyboard.press("j")
    expect(row(page, first)).to_have_class(re.compile("is-current"))
    page.keyboard.press("a")
    expect(row(page, first)).to_be_hidden()
    expect(header_pending(page)).to_have_text("3")
    assert status_of(first) == Status.APPROVED

    page.keyboard.press("z")
    expect(row(page, first)).to_be_visible()
    expect(header_pending(page)).to_have_text("4")
    assert status_of(first) == Status.PENDING

    page.keyboard.press("j")
    expect(row(page, second)).to_have_class(re.compile("is-current"))
    page.keyboard.press("s")
    expect(row(page, second)).to_be_hidden()
    expect(filter_count(page, "spam")).to_have_text("1")
    assert status_of(second) == Status.SPAM

    expect(row(page, third)).to_have_class(re.compile("is-current"))
    page.keyboard.press("r")
    textarea = page.locator(".queue-editor-row textarea")
    expect(textarea).to_be_focused()
    # Letters typed in the reply are text, not shortcuts.
    page.keyboard.type("a short answer, thanks")
    assert status_of(third) == Status.PENDING
    expect(textarea).to_have_value("a short answer, thanks")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.locator(".queue-editor-row")).to_have_count(0)
    expect(row(page, third)).to_be_hidden()
    assert status_of(third) == Status.APPROVED
    assert Comment.objects.filter(parent=third, body__contains="a short answer").exists()
    expect(header_pending(page)).to_have_text("2")
    assert still_same_page(page)


def test_the_undo_is_offered_for_a_few_seconds(page, queue_site, monkeypatch):
    monkeypatch.setattr(queue_views, "UNDO_OFFERED_SECONDS", 1)
    first = queue_site["held"][0]
    sign_in(page)

    row(page, first).get_by_role("button", name="Trash").click()
    undo = page.locator("#queue-notices").get_by_role("button", name="Undo")
    expect(undo).to_be_visible()

    expect(undo).to_have_count(0, timeout=3000)
    page.keyboard.press("z")
    page.wait_for_timeout(300)
    assert status_of(first) == Status.TRASH


def test_quick_edit_opens_under_the_row_and_changes_it_in_place(page, queue_site):
    first = queue_site["held"][0]
    sign_in(page)

    row(page, first).get_by_role("link", name="Quick Edit").click()
    editor = page.locator(".queue-editor-row")
    editor.get_by_label("Name").fill("Reader Renamed")
    editor.get_by_role("button", name="Update Comment").click()

    expect(editor).to_have_count(0)
    expect(row(page, first).locator(".queue-author-name")).to_have_text("Reader Renamed")
    assert Comment.objects.get(pk=first.pk).author_name == "Reader Renamed"


def test_without_javascript_the_page_comes_back_to_the_row_with_a_message(new_context, queue_site):
    first = queue_site["held"][0]
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, f"{QUEUE}?status=pending")

    row(page, first).get_by_role("button", name="Approve").click()

    expect(page).to_have_url(re.compile(re.escape(f"{QUEUE}?status=pending#comment-{first.pk}")))
    expect(page.locator(".messagelist")).to_contain_text("Comment by Reader 0 approved.")
    expect(header_pending(page)).to_have_text("3")
    page.locator("#queue-notices").get_by_role("button", name="Undo").click()
    expect(header_pending(page)).to_have_text("4")
    assert status_of(first) == Status.PENDING


@pytest.mark.parametrize(("label", "width"), [("desktop-1280", 1280), ("phone-375", 375)])
def test_the_queue_fits_the_screen(new_context, queue_site, label, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page)
    page.keyboard.press("j")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    for cell in ("author_column", "comment_column", "post_column", "date_column"):
        box = page.locator(f"td.field-{cell}").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (cell, box)
    screenshot(page, f"moderation-queue-{label}")


def test_axe_finds_nothing_serious_in_the_queue_with_an_inline_reply(page, queue_site):
    first = queue_site["held"][0]
    sign_in(page)
    row(page, first).get_by_role("link", name="Reply").click()
    expect(page.locator(".queue-editor-row textarea")).to_be_visible()

    assert serious_violations(page) == []
    screenshot(page, "moderation-queue-inline-reply")
