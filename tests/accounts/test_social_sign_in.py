"""Signing in with an account one already has, through a real OpenID Connect provider.

The provider runs on 127.0.0.1 (tests/accounts/oidc_provider.py). The test client
plays the browser on the blog's side; the provider's pages are reached over HTTP.
Everything between is allauth's own views and the HTTP calls they make.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.test import Client, override_settings

from comments.models import Comment
from likes.models import Like
from tests.accounts.oidc_provider import (
    CALLBACK_PATH,
    PROVIDER_ID,
    PROVIDER_NAME,
    Identity,
    LocalOIDCProvider,
)
from tests.comments.helpers import post_comment
from tests.conftest import make_post
from tests.likes.helpers import csrf_token, press

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    provider = LocalOIDCProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def app(provider):
    return provider.social_app()


@pytest.fixture
def post():
    return make_post("A post to sign in from")


def provider_link(html, provider_id):
    match = re.search(rf'href="([^"]+)" data-provider="{provider_id}"', html)
    assert match, f"no sign-in link for {provider_id}"
    return match.group(1).replace("&amp;", "&")


def sign_in_from_the_comment_form(client, provider, post):
    """Click the provider's icon, confirm, approve at the provider, come back to the blog."""
    link = provider_link(client.get(post.get_absolute_url()).text, PROVIDER_ID)
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert f"Sign In Via {PROVIDER_NAME}" in confirm.text

    to_provider = client.post(link)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{provider.url}/authorize?")

    back = urlsplit(provider.approve(to_provider["Location"]))
    assert back.path == CALLBACK_PATH
    return client.get(f"{back.path}?{back.query}")


def test_the_comment_form_offers_a_provider_configured_in_the_admin(client, app, post):
    html = client.get(post.get_absolute_url()).text

    assert "Fill in your details below or click an icon to log in" in html
    link = urlsplit(provider_link(html, PROVIDER_ID))
    assert link.path == f"/accounts/oidc/{PROVIDER_ID}/login/"
    assert parse_qs(link.query)["next"] == [f"{post.get_absolute_url()}#respond"]
    assert f'alt="Log in with {PROVIDER_NAME}"' in html


def test_the_comment_form_offers_no_provider_without_credentials(client, post):
    html = client.get(post.get_absolute_url()).text

    for provider_id in ("google", "facebook", "twitter_oauth2", PROVIDER_ID):
        assert f'data-provider="{provider_id}"' not in html
    assert 'data-provider="account"' in html


@pytest.mark.parametrize("provider_id", ["google", "facebook", "twitter_oauth2"])
@pytest.mark.parametrize(
    ("method", "page"),
    [("get", "login/"), ("post", "login/"), ("get", "login/callback/?code=c&state=s")],
)
def test_a_provider_without_credentials_has_no_sign_in(client, provider_id, method, page):
    response = getattr(client, method)(f"/accounts/{provider_id}/{page}")

    assert response.status_code == 404
    assert "Nothing here" in response.text


def test_a_social_application_not_enabled_for_this_site_is_not_offered(client, provider, post):
    app = provider.social_app()
    app.sites.clear()

    assert f'data-provider="{PROVIDER_ID}"' not in client.get(post.get_absolute_url()).text


@override_settings(
    SOCIALACCOUNT_PROVIDERS={
        "google": {"APPS": [{"client_id": "google-id", "secret": "google-secret"}]},
        "facebook": {"APPS": [{"client_id": "fb-id", "secret": "fb-secret"}]},
        "twitter_oauth2": {"APPS": [{"client_id": "x-id", "secret": "x-secret"}]},
    }
)
def test_providers_configured_from_the_environment_each_get_an_icon(client, post):
    html = client.get(post.get_absolute_url()).text

    for provider_id, name in [
        ("google", "Google"),
        ("facebook", "Facebook"),
        ("twitter_oauth2", "X"),
    ]:
        assert provider_link(html, provider_id).startswith(f"/accounts/{provider_id}/login/")
        assert f'alt="Log in with {name}"' in html


def test_provider_credentials_come_from_the_environment_only_when_set(monkeypatch):
    from blogsite.settings import _social_apps

    monkeypatch.delenv("GOOGLE_CLIENT_ID", raising=False)
    assert _social_apps("GOOGLE") == []

    monkeypatch.setenv("GOOGLE_CLIENT_ID", "id-from-env")
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "secret-from-env")
    assert _social_apps("GOOGLE") == [{"client_id": "id-from-env", "secret": "secret-from-env"}]


def test_signing_in_with_the_provider_returns_to_the_post_signed_in(client, app, provider, post):
    response = sign_in_from_the_comment_form(client, provider, post)

    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    user = get_user_model().objects.get(email="ada@local-id.example")
    assert (user.username, user.first_name, user.last_name) == ("ada", "Ada", "Lovelace")
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (PROVIDER_ID, "local-user-42")
    page = client.get(post.get_absolute_url()).text
    assert "You are commenting using your Local ID account." in page
    assert "click an icon to log in" not in page


def test_the_code_was_exchanged_with_the_client_secret_and_a_pkce_verifier(
    client, app, provider, post
):
    sign_in_from_the_comment_form(client, provider, post)

    (token_request,) = provider.token_requests
    assert token_request["grant_type"] == "authorization_code"
    assert token_request["client_secret"] == app.secret
    assert len(token_request["code_verifier"]) >= 43


def test_signing_in_again_finds_the_same_account(client, app, provider, post):
    sign_in_from_the_comment_form(client, provider, post)
    client.logout()

    response = sign_in_from_the_comment_form(client, provider, post)

    assert response.status_code == 302
    assert get_user_model().objects.count() == 2  # the post's author and Ada
    assert SocialAccount.objects.count() == 1


def test_a_callback_with_a_forged_state_signs_nobody_in(client, app, provider, post):
    link = provider_link(client.get(post.get_absolute_url()).text, PROVIDER_ID)
    to_provider = client.post(link)
    back = urlsplit(provider.approve(to_provider["Location"]))
    code = parse_qs(back.query)["code"][0]

    response = client.get(f"{back.path}?code={code}&state=forged")

    assert response.status_code == 401
    assert "Third-Party Login Failure" in response.text
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_a_provider_that_refuses_the_code_signs_nobody_in(client, app, provider, post):
    link = provider_link(client.get(post.get_absolute_url()).text, PROVIDER_ID)
    to_provider = client.post(link)
    back = urlsplit(provider.approve(to_provider["Location"]))
    provider.codes.clear()  # expired or already used

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code >= 400
    assert "Third-Party Login Failure" in response.text
    assert "_auth_user_id" not in client.session


def test_after_signing_in_the_reader_comments_as_that_account(client, app, provider, post):
    sign_in_from_the_comment_form(client, provider, post)

    response = post_comment(client, post, body="Signed in through Local ID.")

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.user.email == "ada@local-id.example"
    assert comment.author_name == "Ada Lovelace"


def test_after_signing_in_the_reader_likes_as_that_account(client, app, provider, post):
    sign_in_from_the_comment_form(client, provider, post)

    press(client, post)

    assert Like.objects.get().user.email == "ada@local-id.example"


def test_an_address_the_provider_did_not_verify_does_not_keep_the_reader_out(
    client, provider, post, mailoutbox
):
    provider.identity = Identity(
        sub="unverified-7",
        email="bo@local-id.example",
        email_verified=False,
        preferred_username="bo",
    )
    provider.social_app()

    response = sign_in_from_the_comment_form(client, provider, post)

    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    assert "_auth_user_id" in client.session
    assert [m.to for m in mailoutbox] == [["bo@local-id.example"]]


def test_a_social_application_needs_this_site(provider):
    """In the admin, a social application is enabled per site (django.contrib.sites is on)."""
    app = provider.social_app()

    assert list(app.sites.all()) == [Site.objects.get_current()]


def test_an_openid_connect_provider_is_added_in_the_admin_and_used_without_code(
    admin_client, provider, post
):
    response = admin_client.post(
        "/admin/socialaccount/socialapp/add/",
        {
            "provider": "openid_connect",
            "provider_id": PROVIDER_ID,
            "name": PROVIDER_NAME,
            "client_id": "blogsite-test-client",
            "secret": "local-provider-secret-for-tests",
            "key": "",
            "settings": f'{{"server_url": "{provider.url}"}}',
            "sites": [Site.objects.get_current().pk],
        },
    )
    assert response.status_code == 302, response.text[:2000]

    reader = Client()
    response = sign_in_from_the_comment_form(reader, provider, post)

    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    assert SocialAccount.objects.get().uid == "local-user-42"


def form_action(response):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    return policy["form-action"]


def test_the_confirmation_page_lets_its_form_reach_the_providers_authorize_origin(
    client, app, provider
):
    """Browsers hold the redirect after "Continue" to the page's CSP form-action."""
    response = client.get(f"/accounts/oidc/{PROVIDER_ID}/login/")

    assert form_action(response) == f"'self' {provider.url}"
    assert form_action(client.get("/accounts/login/")) == "'self'"


@override_settings(
    SOCIALACCOUNT_PROVIDERS={"google": {"APPS": [{"client_id": "g-id", "secret": "g-secret"}]}}
)
def test_a_built_in_providers_confirmation_page_allows_its_authorize_origin(client):
    response = client.get("/accounts/google/login/")

    assert form_action(response) == "'self' https://accounts.google.com"


def test_an_unreachable_provider_leaves_the_policy_strict(client, provider):
    provider.social_app()
    provider.stop()

    response = client.get(f"/accounts/oidc/{PROVIDER_ID}/login/")

    assert response.status_code == 200
    assert form_action(response) == "'self'"


def test_a_guest_who_liked_signs_in_with_the_provider_and_finds_the_post_liked(app, provider, post):
    guest = Client(enforce_csrf_checks=True)
    pressed = press(guest, post, csrfmiddlewaretoken=csrf_token(guest))
    sign_in_page = guest.get(pressed["Location"]).text
    link = provider_link_on_sign_in_page(sign_in_page)
    assert parse_qs(urlsplit(link).query)["next"] == [f"{post.get_absolute_url()}#likes"]

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', guest.get(link).text)[1]
    to_provider = guest.post(link, {"csrfmiddlewaretoken": token})
    back = urlsplit(provider.approve(to_provider["Location"]))
    response = guest.get(f"{back.path}?{back.query}")

    assert response["Location"] == f"{post.get_absolute_url()}#likes"
    assert Like.objects.get(post=post).user.email == "ada@local-id.example"


def provider_link_on_sign_in_page(html):
    match = re.search(rf'href="(/accounts/oidc/{PROVIDER_ID}/login/[^"]*)"', html)
    assert match, "no provider on the sign-in page"
    return match.group(1).replace("&amp;", "&")
