"""A reader signs in from the comment form with an OpenID Connect provider, comes back to the
post signed in, likes it and comments as that account."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from comments.models import Comment
from likes.models import Like
from tests.accounts.oidc_provider import PROVIDER_ID, PROVIDER_NAME, LocalOIDCProvider
from tests.conftest import make_post
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider():
    provider = LocalOIDCProvider().start()
    provider.social_app()
    yield provider
    provider.stop()


def test_signing_in_from_the_comment_form_then_liking_and_commenting(page, provider):
    post = make_post("Sign in to answer")
    page.goto(post.get_absolute_url())
    expect(page.locator(".social-sign-in")).to_contain_text(
        "Fill in your details below or click an icon to log in"
    )
    screenshot(page, "social-sign-in-comment-form")

    page.click(f'.social-icon[data-provider="{PROVIDER_ID}"]')
    expect(page.locator("h1")).to_contain_text(f"Sign In Via {PROVIDER_NAME}")
    screenshot(page, "social-sign-in-confirm")
    page.click("main button[type=submit]")

    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.url)}/authorize\?"))
    screenshot(page, "social-sign-in-provider")
    page.click("#allow")

    expect(page.locator(".commenting-as")).to_contain_text(
        f"You are commenting using your {PROVIDER_NAME} account."
    )
    assert page.url.endswith(f"{post.get_absolute_url()}#respond")
    expect(page.locator(".social-sign-in")).to_have_count(0)

    page.click(".like-button")
    expect(page.locator("#likes .like-count")).to_have_text("1 blogger likes this.")
    expect(page.locator("#likes .likers img")).to_have_attribute("alt", "Ada Lovelace")

    page.fill("#id_body", "Signed in with Local ID, and it was quick.")
    page.click("#commentform button[type=submit]")
    expect(page.locator("#comments")).to_contain_text("Signed in with Local ID")
    screenshot(page, "social-sign-in-liked-and-commented")

    ada = get_user_model().objects.get(email="ada@local-id.example")
    assert Like.objects.get().user == ada
    assert Comment.objects.get().user == ada
