"""A Webmention from another site is held, a moderator approves it in the queue, and readers
see the reply with its author's photo and the likes other sites sent; axe-core finds no
serious problem on the post page or the Webmention's status page."""

import httpx
import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.conftest import make_post, make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations
from tests.other_blog import other_blog, our_url  # noqa: F401  (fixture)
from tests.pings.webmention_pages import entry, png

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_held_webmention_is_approved_in_the_queue_and_shown_with_its_photo(
    new_context,
    live_server,
    other_blog,  # noqa: F811  (the fixture imported above)
    settings,
):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    settings.SITE_URL = live_server.url
    settings.TRUSTED_PROXY_COUNT = 1  # each sender its own address: the flood rule stays out
    post = make_post("A post other sites answer")
    make_user("moderator", groups=["Moderators"], password="mod-pass-123")
    other_blog.page("/jane.png", png(), content_type="image/png")
    reply = other_blog.page("/reply/", entry(our_url(post), content="<p>I answer on my site.</p>"))
    like = other_blog.page("/like/", entry(our_url(post), prop="u-like-of", name="Sam"))

    answers = [
        httpx.post(
            f"{live_server.url}/webmention/",
            data={"source": source, "target": our_url(post)},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
        for n, source in enumerate((reply, like), start=1)
    ]
    assert [a.status_code for a in answers] == [202, 202]

    admin = new_context().new_page()
    admin.goto("/admin/comments/comment/?status=pending")
    admin.fill("#id_username", "moderator")
    admin.fill("#id_password", "mod-pass-123")
    admin.click("input[type=submit]")
    admin.wait_for_selector("#result_list")
    expect(admin.locator("#result_list")).to_contain_text("Webmention (reply)")
    expect(admin.locator("#result_list")).to_contain_text("Webmention (like)")
    screenshot(admin, "webmentions-in-the-queue")
    for checkbox in admin.locator("#result_list input.action-select").all():
        checkbox.check()
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.wait_for_selector(".messagelist")
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}

    reader = new_context().new_page()
    reader.goto(post.get_absolute_url())
    shown = reader.locator(".comment", has_text="I answer on my site.")
    expect(shown.locator(".comment-author")).to_have_text("Jane Doe")
    photo = shown.locator("img.avatar")
    assert photo.get_attribute("src").startswith(settings.MEDIA_URL)
    expect(reader.locator(".liked-elsewhere")).to_have_text("1 person liked this elsewhere.")
    screenshot(reader, "webmention-reply-and-like")
    assert serious_violations(reader) == []

    status = new_context().new_page()
    status.goto(answers[0].headers["Location"])
    expect(status.locator(".webmention-state")).to_have_text("accepted")
    screenshot(status, "webmention-status")
    assert serious_violations(status) == []
