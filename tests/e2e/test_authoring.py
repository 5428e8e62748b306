"""Authors never lose work, in a real browser: autosave and restore after closing the tab,
comparing and restoring revisions, the edit lock, and a stale save refused. Also the post
screen at desktop and phone widths, and axe-core on the add-post and revisions screens."""

import re
import time

import pytest
from django.db import OperationalError
from django.test import Client
from playwright.sync_api import expect

from posts import revisions
from posts.models import Post, PostAutosave
from tests.conftest import make_post, make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quick_autosave(settings):
    """An autosave every second, so the test need not wait a minute. (Elsewhere the editor's
    background requests stay rare: SQLite's shared in-memory test database refuses a read
    while another thread writes.)"""
    settings.POST_AUTOSAVE_SECONDS = 1


@pytest.fixture(autouse=True)
def requests_finish_before_the_database_is_flushed():
    """Closing a page sends its last beacons (autosave, lock release): let them finish
    before the test database is emptied (set up before the pages, so torn down after)."""
    yield
    time.sleep(1)


def eventually(check, seconds=10):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def signed_in_page(new_context, live_server, user, **options):
    client = Client()
    signing_in = time.monotonic() + 10
    while True:
        # A page closed a moment ago may still be sending its last beacons (autosave, lock
        # release), and SQLite's shared in-memory test database refuses a second writer.
        try:
            client.force_login(user)
            break
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > signing_in:
                raise
            time.sleep(0.1)
    context = new_context(**options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def change_url(post):
    return f"/admin/posts/post/{post.pk}/change/"


def wait_for_editor(page):
    expect(page.locator("#post-editor")).to_have_attribute("data-editor-ready", "true")


@pytest.fixture
def wendy():
    return make_user("wendy", groups=["Authors"], first_name="Wendy", last_name="Writer")


@pytest.fixture
def edna():
    return make_user("edna", groups=["Editors"], first_name="Edna", last_name="Editor")


def test_an_autosave_survives_closing_the_tab_and_is_restored(
    new_context, live_server, wendy, quick_autosave
):
    post = make_post("My draft", author=wendy, status=Post.Status.DRAFT)
    page = signed_in_page(new_context, live_server, wendy)
    page.goto(change_url(post))
    wait_for_editor(page)
    page.fill("#id_title", "My draft, much improved")
    page.frame_locator("#id_body_ifr").locator("body").click()
    page.keyboard.press("End")
    page.keyboard.insert_text(" And a new sentence.")
    expect(page.locator("[data-autosave-status]")).to_contain_text("autosaved", timeout=8000)
    eventually(
        lambda: PostAutosave.objects.filter(
            post=post, title="My draft, much improved", body__contains="And a new sentence."
        ).exists()
    )
    page.close()
    assert Post.objects.get(pk=post.pk).title == "My draft"

    page = signed_in_page(new_context, live_server, wendy)
    page.goto(change_url(post))
    notice = page.get_by_text(
        "There is an autosave of this post that is more recent than the version below."
    )
    expect(notice).to_be_visible()
    page.get_by_role("link", name="Restore the autosave").click()
    expect(page.locator("#id_title")).to_have_value("My draft, much improved")
    wait_for_editor(page)
    page.get_by_role("button", name="Save Draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    post.refresh_from_db()
    assert post.title == "My draft, much improved"
    assert "And a new sentence." in post.body
    assert not PostAutosave.objects.exists()


def test_a_new_post_is_autosaved_before_it_is_ever_saved(
    new_context, live_server, wendy, quick_autosave
):
    page = signed_in_page(new_context, live_server, wendy)
    page.goto("/admin/posts/post/add/")
    wait_for_editor(page)
    page.fill("#id_title", "Never saved")
    expect(page.locator("[data-autosave-status]")).to_contain_text("autosaved", timeout=8000)
    page.close()
    page = signed_in_page(new_context, live_server, wendy)
    page.goto("/admin/posts/post/add/")
    page.get_by_role("link", name="Restore the autosave").click()
    expect(page.locator("#id_title")).to_have_value("Never saved")


def test_two_revisions_are_compared_and_the_older_restored(new_context, live_server, wendy):
    post = make_post("The first title", author=wendy, body="<p>The first words.</p>")
    with revisions.saved_by(wendy):
        post.title, post.body = "The second title", "<p>The second words.</p>"
        post.save()
    page = signed_in_page(new_context, live_server, wendy)
    page.goto(change_url(post))
    page.get_by_role("link", name="Revisions: 2").click()
    expect(page.get_by_role("heading", name=re.compile("Revisions of"))).to_be_visible()
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator("del", has_text="first").first).to_be_visible()
    expect(page.locator("ins", has_text="second").first).to_be_visible()
    page.get_by_role("button", name="Restore the older revision").click()
    expect(page.locator(".messagelist")).to_contain_text("Restored the revision")
    expect(page.locator("#id_title")).to_have_value("The first title")
    post.refresh_from_db()
    assert post.title == "The first title"
    assert post.revisions.count() == 3


def test_a_second_person_is_told_the_post_is_being_edited_and_may_take_over(
    new_context, live_server, wendy, edna
):
    post = make_post("Shared", author=wendy)
    first = signed_in_page(new_context, live_server, wendy)
    first.goto(change_url(post))
    second = signed_in_page(new_context, live_server, edna)
    second.goto(change_url(post))
    notice = second.locator("[data-lock-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Wendy Writer is currently editing this post.")
    second.get_by_role("button", name="Take over").click()
    expect(second.locator(".messagelist")).to_contain_text("You have taken over")
    expect(second.locator("[data-lock-notice]")).to_be_hidden()
    # Back in the first editor's tab, its heartbeat learns who has the post now.
    first.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(first.locator("[data-lock-notice]")).to_contain_text(
        "Edna Editor is currently editing this post."
    )


def test_a_stale_save_is_refused_with_the_other_change_shown(new_context, live_server, wendy, edna):
    post = make_post("Shared title", author=wendy)
    first = signed_in_page(new_context, live_server, wendy)
    first.goto(change_url(post))
    wait_for_editor(first)
    second = signed_in_page(new_context, live_server, edna)
    second.goto(change_url(post))
    wait_for_editor(second)
    second.fill("#id_title", "Edna's title")
    second.get_by_role("button", name="Update").click()
    expect(second.locator(".messagelist")).to_contain_text("Post published.")

    first.fill("#id_title", "Wendy's title")
    first.get_by_role("button", name="Update").click()
    conflict = first.locator(".conflict")
    expect(conflict).to_contain_text("Edna Editor changed this post while you were editing it")
    expect(conflict.locator("td.diff-old")).to_contain_text(["Edna's title"])
    expect(conflict.locator("td.diff-new").first).to_contain_text("Wendy's title")
    expect(first.locator("#id_title")).to_have_value("Wendy's title")
    post.refresh_from_db()
    assert post.title == "Edna's title"
    screenshot(first, "post-screen-stale-save")


@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("phone", 375)])
def test_the_post_screen_fits_desktop_and_phone(new_context, live_server, wendy, label, width):
    post = make_post("A post on the screen", author=wendy, status=Post.Status.DRAFT)
    page = signed_in_page(new_context, live_server, wendy, viewport={"width": width, "height": 900})
    page.goto(change_url(post))
    wait_for_editor(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    main = page.locator(".post-column-main").bounding_box()
    side = page.locator(".post-column-side").bounding_box()
    if width >= 1024:
        assert side["x"] > main["x"] + main["width"] - 1  # side by side
    else:
        assert side["y"] >= main["y"] + main["height"] - 1  # one column
    screenshot(page, f"post-screen-{label}")


def test_axe_finds_no_serious_problem_on_the_add_post_and_revisions_screens(
    new_context, live_server, wendy
):
    post = make_post("Revised", author=wendy)
    with revisions.saved_by(wendy):
        post.title = "Revised again"
        post.save()
    page = signed_in_page(new_context, live_server, wendy, viewport={"width": 1280, "height": 900})
    for name, url in [
        ("add-post", "/admin/posts/post/add/"),
        ("change-post", change_url(post)),
        ("revisions", f"/admin/posts/post/{post.pk}/revisions/"),
        (
            "compare",
            f"/admin/posts/post/{post.pk}/revisions/compare/?old={post.revisions.last().pk}&new={post.revisions.first().pk}",
        ),
    ]:
        page.goto(url)
        if "post" in name:
            wait_for_editor(page)
        assert serious_violations(page) == [], name
        screenshot(page, f"authoring-{name}")
