"""Accounts on the blog itself (/accounts/): sign up with a verified e-mail address, sign in,
reset a password; allauth's rate limits stay on, and failed sign-ins count per address, so a
stranger cannot lock a reader out; its pages wear the site's layout and CSP."""

import re

import pytest
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.test import Client

from tests.likes.helpers import PASSWORD, make_reader

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-pass-for-tests-456"
PASSWORDS = {"password1": PASSWORD, "password2": PASSWORD}


def link_in(message):
    """The path of the blog's link in a mail: links start with SITE_URL."""
    match = re.search(rf"{re.escape(settings.SITE_URL.rstrip('/'))}(/accounts/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, username="newreader", email="new@example.com"):
    return client.post(
        "/accounts/signup/",
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signing_up_asks_to_verify_the_address_before_signing_in(client, mailoutbox):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    (message,) = mailoutbox
    assert message.to == ["new@example.com"]
    assert "/accounts/confirm-email/" in message.body


def test_following_the_verification_link_signs_the_new_reader_in(client, mailoutbox):
    sign_up(client)
    link = link_in(mailoutbox[0])

    assert client.get(link).status_code == 200
    response = client.post(link)

    assert response.status_code == 302
    user = get_user_model().objects.get(username="newreader")
    assert user.emailaddress_set.get().verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_unverified_reader_cannot_sign_in_yet(client, mailoutbox):
    sign_up(Client())
    mailoutbox.clear()

    response = client.post("/accounts/login/", {"login": "newreader", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


def test_a_link_followed_in_another_browser_verifies_and_leads_to_sign_in(client, mailoutbox):
    sign_up(Client())

    response = client.post(link_in(mailoutbox[0]))

    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.get(username="newreader").emailaddress_set.get().verified


def test_a_verified_reader_signs_in_by_username_or_email(client):
    reader = make_reader("verified")

    for login in ("verified", "verified@example.com"):
        client.logout()
        response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(reader.pk)


def test_a_forgotten_password_is_reset_through_a_mailed_link(client, mailoutbox):
    reader = make_reader("forgetful")

    response = client.post("/accounts/password/reset/", {"email": reader.email})
    assert response.status_code == 302
    (message,) = mailoutbox
    form_url = client.get(link_in(message))["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "mail", ["password reset", "unknown address", "confirmation", "already signed up"]
)
def test_mail_links_go_to_the_blog_whatever_host_the_request_named(
    client, mailoutbox, settings, mail
):
    """A forged Host header must not choose where a reset key or a confirmation link goes."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    settings.SITE_URL = "https://blog.example.com"
    reader = make_reader("forgetful")
    forged = {"HTTP_HOST": "127.0.0.1:6666"}
    if mail == "password reset":
        client.post("/accounts/password/reset/", {"email": reader.email}, **forged)
    elif mail == "unknown address":
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, **forged)
    elif mail == "confirmation":
        client.post(
            "/accounts/signup/",
            {"username": "new", "email": "new@example.com", **PASSWORDS},
            **forged,
        )
    else:
        client.post(
            "/accounts/signup/",
            {"username": "other", "email": reader.email, **PASSWORDS},
            **forged,
        )

    (message,) = mailoutbox
    links = re.findall(r"https?://\S+", message.body)
    assert links, message.body
    assert all(link.startswith("https://blog.example.com/accounts/") for link in links), links


def test_repeated_failed_sign_ins_are_rate_limited(client):
    make_reader("targeted")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "targeted", "password": "wrong"})

    response = client.post("/accounts/login/", {"login": "targeted", "password": PASSWORD})

    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_a_strangers_failed_sign_ins_do_not_lock_the_reader_out(client):
    make_reader("targeted")
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(10):
        stranger.post("/accounts/login/", {"login": "targeted", "password": "wrong"})

    response = client.post(
        "/accounts/login/", {"login": "targeted", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_behind_a_proxy_failed_sign_ins_count_per_client_not_per_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_reader("targeted")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"guess{n}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxy,
        )

    response = client.post(
        "/accounts/login/",
        {"login": "targeted", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_sign_ups_from_one_address_are_rate_limited(client):
    statuses = [
        client.post("/accounts/signup/", {"username": f"bot{n}"}).status_code for n in range(21)
    ]

    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/confirm-email/",
        "/accounts/logout/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/3rdparty/",
        "/accounts/2fa/",
    ],
)
def test_account_pages_use_the_site_layout_under_the_csp(client, url):
    if url not in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        client.force_login(make_reader())

    response = client.get(url)

    assert response.status_code == 200, url
    html = response.text
    assert 'class="site-header"' in html
    assert '<link rel="stylesheet" href="/static/css/blog.css">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    executable = [
        s for s in re.findall(r"<script\b[^>]*>", html) if "src=" not in s and "json" not in s
    ]
    assert executable == [], "inline scripts are blocked by the CSP"
    assert " style=" not in html, "inline styles are blocked by the CSP"


def test_the_sign_in_page_offers_the_configured_providers(client):
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="wordpress",
        name="WordPress.com",
        client_id="id",
        secret="secret",
        settings={"server_url": "https://public-api.wordpress.com/oauth2"},
    )
    app.sites.add(Site.objects.get_current())

    html = client.get("/accounts/login/").text

    assert ">WordPress.com</a>" in html
    assert 'href="/accounts/oidc/wordpress/login/?process=login"' in html
