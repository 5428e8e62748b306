"""A reader follows the blog, confirms from the mail, gets a new post once, unsubscribes."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from comments.follow_models import Follower
from posts.models import Post
from tests.conftest import make_post, make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def link_path(message, label):
    match = re.search(rf"{re.escape(label)}\s*(\S+)", message.body)
    assert match, message.body
    return urlsplit(match.group(1)).path


def mails_to(outbox, address, subject_part=""):
    return [m for m in outbox if m.to == [address] and subject_part in m.subject]


def test_a_reader_follows_confirms_gets_a_new_post_once_and_unsubscribes(new_context, mailoutbox):
    post = make_post("Why the sky is blue", body="<p>Sunlight scatters.</p>")
    make_user("editor", superuser=True, password="editor-pass-123")
    reader = new_context().new_page()

    reader.goto(post.get_absolute_url())
    reader.fill("#follow-email-post", "ada@example.com")
    reader.click("#follow-email-post ~ button[type=submit]")
    expect(reader.locator("h1")).to_have_text("Check your inbox")
    (confirmation,) = mails_to(mailoutbox, "ada@example.com")

    reader.goto(link_path(confirmation, "To confirm, open this link:"))
    reader.click(".follow-page button[type=submit]")
    expect(reader.locator("h1")).to_contain_text("You follow")
    assert Follower.objects.get().status == Follower.Status.CONFIRMED

    draft = make_post("Sunsets, explained", status=Post.Status.DRAFT)
    editor = new_context().new_page()
    editor.goto("/admin/posts/post/")
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", "editor-pass-123")
    editor.click("input[type=submit]")
    editor.check(f"#result_list input.action-select[value='{draft.pk}']")
    editor.select_option("select[name=action]", "publish_now")
    editor.click("button[name=index]")
    editor.wait_for_selector(".messagelist")

    (new_post,) = mails_to(mailoutbox, "ada@example.com", "Sunsets, explained")
    assert draft.get_absolute_url() in new_post.body
    editor.goto(f"/admin/posts/post/{draft.pk}/change/")
    assert "1 follower" in editor.content()

    reader.goto(link_path(new_post, "Unsubscribe in one click:"))
    reader.click(".follow-page button[type=submit]")
    expect(reader.locator("h1")).to_have_text("Unsubscribed")
    assert Follower.objects.get().status == Follower.Status.UNSUBSCRIBED

    make_post("Nobody is told of this one")
    assert mails_to(mailoutbox, "ada@example.com", "Nobody is told") == []
    assert len(mails_to(mailoutbox, "ada@example.com", "Sunsets, explained")) == 1


def test_the_post_page_with_its_follow_box_and_share_links_is_accessible(new_context):
    post = make_post(
        "Why the sky is blue",
        body="<p>Sunlight scatters off the air; short waves scatter more.</p>" * 3,
    )
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()

    page.goto(post.get_absolute_url())

    expect(page.locator(".share-links a")).to_have_count(6)
    expect(page.locator("[data-copy-link]")).to_be_visible()
    screenshot(page, "post-follow-and-share")
    assert serious_violations(page) == []


def test_the_copy_link_button_copies_the_posts_address(new_context, live_server):
    post = make_post("Copy me")
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()

    page.goto(post.get_absolute_url())
    page.click("[data-copy-link]")

    expect(page.locator("[data-copy-link]")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()").endswith(post.get_absolute_url())


def test_the_mastodon_link_asks_for_an_instance_then_goes_there(new_context):
    post = make_post("Share me")
    page = new_context().new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.route("https://mastodon.example/**", lambda route: route.fulfill(body="shared"))

    page.goto(post.get_absolute_url())
    assert all(urlsplit(url).hostname == "localhost" for url in requests), requests
    page.click(".share-mastodon")
    page.fill("#id_instance", "@ada@mastodon.example")
    page.click(".share-page button[type=submit]")

    page.wait_for_url("https://mastodon.example/share?**")
    assert "Share%20me" in page.url
