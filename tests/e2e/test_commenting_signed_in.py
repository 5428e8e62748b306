"""A reader types a comment, signs in with WordPress.com from the comment form, comes back to
the form with the text still there, and posts it as that account."""

import re

import pytest
from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from playwright.sync_api import expect

from comments.models import Comment
from tests.accounts.wordpress_com_server import LocalWordPressCom
from tests.conftest import make_post
from tests.e2e.conftest import SCREENSHOTS, screenshot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.e2e.test_commenting_signed_in"),
]


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The blog, with its stored files at /media/ as the web server in front serves them in
# production (Django itself serves them only with DEBUG).
urlpatterns = [
    re_path(r"^media/(?P<path>.+)$", media),
    path("", include("blogsite.urls")),
]


@pytest.fixture
def wordpress_com(settings):
    server = LocalWordPressCom().start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "wordpress": server.provider_settings(),
    }
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True  # the profile picture is on 127.0.0.1
    yield server
    server.stop()


def test_a_comment_typed_before_signing_in_with_wordpress_com_is_posted_after(page, wordpress_com):
    post = make_post("Sign in to answer")
    typed = "Typed as a guest, posted as myself."
    page.goto(post.get_absolute_url())
    page.fill("#id_body", typed)
    respond = page.locator("#respond")
    respond.screenshot(path=str(SCREENSHOTS / "comment-form-offers-wordpress-com.png"))

    page.click('.social-icon[data-provider="wordpress"]')
    expect(page.locator("h1")).to_contain_text("Sign In Via WordPress.com")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(rf"^{re.escape(wordpress_com.url)}/oauth2/authorize\?"))
    page.click("#approve")

    expect(page.locator(".commenting-as")).to_contain_text(
        "You are commenting using your WordPress.com account."
    )
    assert page.url.endswith(f"{post.get_absolute_url()}#respond")
    expect(page.locator(".commenting-as-name")).to_have_text("Ada Lovelace")
    expect(page.locator("#id_body")).to_have_value(typed)
    avatar = page.locator(".commenting-as img")
    expect(avatar).to_have_attribute("src", re.compile(r"^/media/avatars/"))
    assert avatar.evaluate("image => image.complete && image.naturalWidth") == 96
    screenshot(page, "commenting-signed-in-with-wordpress-com")
    respond.screenshot(path=str(SCREENSHOTS / "commenting-as-form.png"))

    page.click("#commentform button[type=submit]")

    expect(page.locator("#comments")).to_contain_text(typed)
    comment = Comment.objects.get()
    assert comment.user.email == "ada@wordpress-com.example"
    assert comment.author_name == "Ada Lovelace"
    page.goto(post.get_absolute_url())
    expect(page.locator("#id_body")).to_have_value("")
