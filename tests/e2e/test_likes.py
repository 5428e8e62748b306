"""Liking in a real browser: a guest signs in and comes back to a liked post; a signed-in reader
likes and unlikes in place; without JavaScript the form posts and comes back."""

import re

import pytest
from playwright.sync_api import expect

from likes.models import Like
from tests.conftest import make_post, make_user
from tests.e2e.conftest import screenshot
from tests.likes.helpers import PASSWORD, make_reader

pytestmark = pytest.mark.django_db(transaction=True)

BUTTON = "#likes .like-button"
COUNT = "#likes .like-count"


def sign_in(page, username):
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")


def add_likers(post, count):
    for n in range(count):
        Like.objects.create(post=post, user=make_user(f"fan{n}", first_name=f"Fan {n}"))


def test_a_guest_who_presses_like_signs_in_and_comes_back_with_the_like_recorded(page):
    post = make_post("Worth liking")
    reader = make_reader("lena", first_name="Lena", last_name="Liker")
    page.goto(post.get_absolute_url())
    expect(page.locator(COUNT)).to_have_text("Be the first to like this.")

    with page.expect_response(lambda r: r.url.endswith(f"/likes/{post.pk}/")) as pressed:
        page.click(BUTTON)

    # The script fetched a CSRF token for the cached page, sent the press, was told to sign in.
    assert (pressed.value.request.resource_type, pressed.value.status) == ("fetch", 401)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator("h1")).to_have_text("Sign In")
    screenshot(page, "likes-guest-sent-to-sign-in")
    sign_in(page, "lena")

    expect(page.locator(COUNT)).to_have_text("1 blogger likes this.")
    assert page.url.endswith(f"{post.get_absolute_url()}#likes")
    expect(page.locator(BUTTON)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#likes .likers img")).to_have_attribute("alt", "Lena Liker")
    assert list(Like.objects.values_list("user", flat=True)) == [reader.pk]


def test_a_signed_in_reader_likes_and_unlikes_in_place(page):
    post = make_post("Liked in place")
    add_likers(post, 2)
    make_reader("lena", first_name="Lena", last_name="Liker")
    page.goto("/accounts/login/")
    sign_in(page, "lena")
    page.goto(post.get_absolute_url())
    expect(page.locator(COUNT)).to_have_text("2 bloggers like this.")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    with page.expect_response(lambda r: r.url.endswith(f"/likes/{post.pk}/")) as liked:
        page.click(BUTTON)

    assert liked.value.request.resource_type == "fetch"
    expect(page.locator(COUNT)).to_have_text("3 bloggers like this.")
    expect(page.locator(BUTTON)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(BUTTON)).to_contain_text("Liked")
    expect(page.locator("#likes .likers img").first).to_have_attribute("alt", "Lena Liker")
    expect(page.locator(BUTTON)).to_be_focused()
    screenshot(page, "likes-liked-in-place")

    page.click(BUTTON)

    expect(page.locator(COUNT)).to_have_text("2 bloggers like this.")
    expect(page.locator(BUTTON)).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#likes .likers img")).to_have_count(2)
    assert navigations == []
    assert Like.objects.filter(post=post).count() == 2


def test_without_javascript_the_button_posts_and_comes_back(new_context):
    post = make_post("Liked the plain way")
    make_reader("lena")
    page = new_context(java_script_enabled=False).new_page()
    page.goto(post.get_absolute_url())

    page.click(BUTTON)

    # No script fetched a token for the guest's press: sign-in, but nothing recorded.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    sign_in(page, "lena")
    expect(page.locator(COUNT)).to_have_text("Be the first to like this.")

    page.click(BUTTON)

    expect(page.locator(COUNT)).to_have_text("1 blogger likes this.")
    assert page.url.endswith(f"{post.get_absolute_url()}#likes")

    page.click(BUTTON)

    expect(page.locator(COUNT)).to_have_text("Be the first to like this.")
    assert not Like.objects.exists()


def test_the_latest_ten_likers_are_shown_with_their_avatars(page):
    post = make_post("A popular post")
    add_likers(post, 12)

    page.goto(post.get_absolute_url())

    expect(page.locator(COUNT)).to_have_text("12 bloggers like this.")
    avatars = page.locator("#likes .likers img")
    expect(avatars).to_have_count(10)
    expect(avatars.first).to_have_attribute("alt", "Fan 11")
    page.locator("#likes").scroll_into_view_if_needed()
    screenshot(page, "likes-post-with-avatars")
