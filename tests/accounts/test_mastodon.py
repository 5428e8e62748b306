"""Signing in with a Mastodon account, on any instance, through a real (local) instance.

The instance runs on 127.0.0.1 (tests/accounts/mastodon_server.py), which the blog
reaches only with PINGS_ALLOW_PRIVATE_ADDRESSES on; the tests that check which
instance names are refused turn it off again, as in production. The test client
plays the browser on the blog's side; the instance's pages are reached over HTTP.
"""

import html
import re
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.internal.statekit import STATES_SESSION_KEY
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.providers.mastodon.instance import Instance, InstanceNameError, parse_instance
from accounts.providers.mastodon.models import MastodonApp
from core import fetch
from tests.accounts.mastodon_server import LocalMastodon, pkce_s256
from tests.conftest import make_post

pytestmark = pytest.mark.django_db

SIGN_IN_PATH = "/accounts/mastodon/login/"
CALLBACK_PATH = "/accounts/mastodon/login/callback/"


@pytest.fixture
def instance(settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    instance = LocalMastodon().start()
    yield instance
    instance.stop()


@pytest.fixture
def post():
    return make_post("A post to sign in from")


@pytest.fixture
def requests_made(monkeypatch):
    """Every URL the blog's outgoing client was asked for."""
    urls = []

    def check_url(url):
        urls.append(url)
        return checked_url(url)

    checked_url = fetch.check_url
    monkeypatch.setattr(fetch, "check_url", check_url)
    return urls


def provider_link(page, provider_id="mastodon"):
    match = re.search(rf'href="([^"]+)" data-provider="{provider_id}"', page)
    assert match, f"no sign-in link for {provider_id}"
    return html.unescape(match.group(1))


def hidden_fields(page):
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page)
    }


def name_the_instance(client, typed, post):
    """Click Mastodon's icon on the post, type the instance, press Continue."""
    form_page = client.get(provider_link(client.get(post.get_absolute_url()).text))
    assert form_page.status_code == 200
    return client.post(SIGN_IN_PATH, {**hidden_fields(form_page.text), "instance": typed})


def callback_from(instance, client, post):
    """Everything up to the instance sending the reader back: the callback, not yet followed."""
    to_instance = name_the_instance(client, instance.url, post)
    assert to_instance.status_code == 302, to_instance.text
    assert to_instance["Location"].startswith(f"{instance.url}/oauth/authorize?")
    back = urlsplit(instance.approve(to_instance["Location"]))
    assert back.path == CALLBACK_PATH
    return f"{back.path}?{back.query}"


def sign_in(instance, client, post):
    return client.get(callback_from(instance, client, post))


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_comment_form_offers_mastodon(client, post):
    page = client.get(post.get_absolute_url()).text

    link = urlsplit(provider_link(page))
    assert link.path == SIGN_IN_PATH
    assert parse_qs(link.query)["next"] == [f"{post.get_absolute_url()}#respond"]
    assert 'alt="Log in with Mastodon"' in page
    assert "img/social/mastodon.svg" in page


def test_the_sign_in_page_offers_mastodon(client):
    page = client.get("/accounts/login/").text

    link = re.search(r'data-provider="mastodon" href="([^"]+)"', page)
    assert link, "no Mastodon button on the sign-in page"
    assert urlsplit(html.unescape(link.group(1))).path == SIGN_IN_PATH


def test_signing_in_with_a_mastodon_account_returns_to_the_post_signed_in(client, instance, post):
    response = sign_in(instance, client, post)

    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    account = SocialAccount.objects.get()
    assert (account.provider, account.uid) == ("mastodon", f"ada@{instance.name}")
    assert account.extra_data["url"] == "https://mastodon.example/@ada"
    user = account.user
    assert (user.username, user.first_name, user.last_name) == ("ada", "Ada", "Lovelace")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Ada Lovelace" in client.get(post.get_absolute_url()).text


def test_a_reader_from_mastodon_is_not_asked_for_an_email_address(client, instance, post):
    response = sign_in(instance, client, post)

    assert response["Location"] != "/accounts/3rdparty/signup/"
    assert signed_in(client)
    assert get_user_model().objects.get(username="ada").email == ""
    assert not EmailAddress.objects.exists()


def test_the_blog_registers_itself_on_an_instance_once(instance, post):
    sign_in(instance, Client(), post)
    sign_in(instance, Client(), post)

    (registration,) = instance.registrations
    assert registration == {
        "client_name": settings.BLOG_TITLE,
        "redirect_uris": f"{settings.SITE_URL.rstrip('/')}{CALLBACK_PATH}",
        "scopes": "read:accounts",
        "website": settings.SITE_URL.rstrip("/"),
    }
    app = MastodonApp.objects.get()
    assert (app.instance, app.client_id) == (instance.name, next(iter(instance.apps)))
    assert len(instance.token_requests) == 2


def test_the_code_is_exchanged_with_the_apps_secret_and_a_pkce_verifier(client, instance, post):
    sign_in(instance, client, post)

    (authorization,) = instance.authorize_requests
    (token_request,) = instance.token_requests
    app = MastodonApp.objects.get()
    assert authorization["code_challenge_method"] == "S256"
    assert token_request["client_secret"] == app.client_secret
    assert pkce_s256(token_request["code_verifier"]) == authorization["code_challenge"]
    assert len(token_request["code_verifier"]) >= 43


def test_signing_in_again_finds_the_same_account(client, instance, post):
    sign_in(instance, client, post)
    client.logout()

    response = sign_in(instance, client, post)

    assert response.status_code == 302
    assert signed_in(client)
    assert SocialAccount.objects.count() == 1
    assert get_user_model().objects.count() == 2  # the post's author and Ada


def test_a_callback_with_a_forged_state_signs_nobody_in(client, instance, post):
    callback = urlsplit(callback_from(instance, client, post))
    code = parse_qs(callback.query)["code"][0]

    response = client.get(CALLBACK_PATH, {"code": code, "state": "forged"})

    assert response.status_code == 400
    assert "This sign-in was not started in this browser" in response.text
    assert not signed_in(client)
    assert not SocialAccount.objects.exists()
    assert instance.token_requests == []


def test_a_code_is_good_for_one_sign_in_only(client, instance, post):
    callback = callback_from(instance, client, post)
    states = client.session[STATES_SESSION_KEY]
    client.get(callback)
    client.logout()
    session = client.session
    session[STATES_SESSION_KEY] = states  # as if the sign-in had never happened here
    session.save()

    response = client.get(callback)

    assert response.status_code == 400
    assert f"{instance.name} refused to confirm the sign-in (it answered 400)." in response.text
    assert not signed_in(client)
    assert SocialAccount.objects.count() == 1


def test_declining_at_the_instance_signs_nobody_in(client, instance, post):
    to_instance = name_the_instance(client, instance.url, post)
    back = urlsplit(instance.decline(to_instance["Location"]))

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 400
    assert f"You did not allow the sign-in at {instance.name}." in response.text
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("{instance.name}", "not an IP address"),
        ("https://{instance.name}", "not an IP address"),
        ("[::1]", "not an IP address"),
        ("localhost:{port}", "“localhost” is this computer"),
        ("localhost", "“localhost” is this computer"),
        ("mastodon.social:8443", "without “:8443”"),
        ("mastodon.social/@ada", "with nothing after it"),
        ("https://mastodon.social/about", "with nothing after it"),
        ("http://mastodon.social", "reached over https"),
        ("mastodon", "is not the name of a Mastodon instance"),
    ],
)
def test_an_instance_name_not_on_the_web_is_refused_before_any_request(
    client, instance, post, requests_made, settings, typed, reason
):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = False
    typed = typed.format(instance=instance, port=instance.server.server_address[1])

    response = name_the_instance(client, typed, post)

    assert response.status_code == 200
    assert reason in html.unescape(response.text)
    assert requests_made == []
    assert instance.requests == []


def test_a_local_instance_with_a_path_is_refused_before_any_request(
    client, instance, post, requests_made
):
    response = name_the_instance(client, f"{instance.url}/api/v1", post)

    assert "with nothing after it" in response.text
    assert requests_made == []


@pytest.mark.parametrize(
    "typed",
    [
        "mastodon.social",
        " Mastodon.Social ",
        "@ada@mastodon.social",
        "ada@mastodon.social",
        "https://mastodon.social/",
        "mastodon.social:443",
    ],
)
def test_handles_and_addresses_name_their_instance(typed):
    assert parse_instance(typed) == Instance("https", "mastodon.social")


def test_an_international_instance_name_is_kept_in_ascii():
    assert parse_instance("bücher.example").name == "xn--bcher-kva.example"


def test_a_local_instance_is_named_with_its_port_when_allowed(settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True

    assert parse_instance("http://127.0.0.1:3000") == Instance("http", "127.0.0.1:3000")
    with pytest.raises(InstanceNameError):
        parse_instance("ftp://127.0.0.1:3000")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            (500, "application/json", b'{"error": "Internal server error"}'),
            "{name} refused to register this blog as an app (it answered 500).",
        ),
        (
            (200, "text/html", b"<!doctype html><title>Welcome to nginx!</title>"),
            "{name} did not answer as a Mastodon instance does when asked to register",
        ),
        (
            (200, "application/json", b'{"client_id": "only-an-id"}'),
            "{name} did not answer as a Mastodon instance does when asked to register",
        ),
    ],
)
def test_an_instance_that_cannot_register_the_blog_gets_a_clear_message(
    client, instance, post, answer, message
):
    instance.answers["/api/v1/apps"] = answer

    response = name_the_instance(client, instance.url, post)

    assert response.status_code == 200
    assert message.format(name=instance.name) in html.unescape(response.text)
    assert "You are not signed in." in response.text
    assert not MastodonApp.objects.exists()


def test_an_instance_that_does_not_answer_in_time_gets_a_clear_message(
    client, post, settings, monkeypatch
):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    silent = socket.socket()  # the kernel accepts the connection; nobody ever answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    try:
        response = name_the_instance(client, f"http://127.0.0.1:{port}", post)
    finally:
        silent.close()

    assert f"127.0.0.1:{port} did not answer in time." in response.text
    assert not MastodonApp.objects.exists()


def test_an_instance_that_cannot_be_reached_gets_a_clear_message(client, post, settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there any more

    response = name_the_instance(client, f"http://127.0.0.1:{port}", post)

    assert f"127.0.0.1:{port} could not be reached." in response.text


@pytest.mark.parametrize(
    ("path", "answer", "message"),
    [
        (
            "/oauth/token",
            (500, "text/html", b"<h1>We're sorry, but something went wrong</h1>"),
            "{name} refused to confirm the sign-in (it answered 500).",
        ),
        (
            "/oauth/token",
            (200, "application/json", b'{"token_type": "Bearer"}'),
            "{name} did not answer as a Mastodon instance does when asked to confirm",
        ),
        (
            "/api/v1/accounts/verify_credentials",
            (200, "application/json", b'{"id": "1", "display_name": "Nobody"}'),
            "{name} did not answer as a Mastodon instance does when asked to say whose",
        ),
        (
            "/api/v1/accounts/verify_credentials",
            (200, "text/html", b"<html>Log in to continue</html>"),
            "{name} did not answer as a Mastodon instance does when asked to say whose",
        ),
    ],
)
def test_an_instance_answering_nonsense_after_approval_signs_nobody_in(
    client, instance, post, path, answer, message
):
    callback = callback_from(instance, client, post)
    instance.answers[path] = answer

    response = client.get(callback)

    assert response.status_code == 400
    assert message.format(name=instance.name) in html.unescape(response.text)
    assert not signed_in(client)
    assert not SocialAccount.objects.exists()


def test_the_sign_in_page_lets_its_form_lead_to_an_instance(client, settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = False

    response = client.get(SIGN_IN_PATH)

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["form-action"] == "'self' https:"


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", SIGN_IN_PATH), ("post", SIGN_IN_PATH), ("get", f"{CALLBACK_PATH}?code=c&state=s")],
)
def test_with_mastodon_sign_in_off_its_pages_are_not_found(client, settings, method, path):
    settings.MASTODON_SIGN_IN = False

    assert getattr(client, method)(path).status_code == 404


def test_with_mastodon_sign_in_off_it_is_not_offered(client, settings, post):
    settings.MASTODON_SIGN_IN = False

    assert 'data-provider="mastodon"' not in client.get(post.get_absolute_url()).text
    assert 'data-provider="mastodon"' not in client.get("/accounts/login/").text


def test_the_admin_lists_registrations_without_their_secrets(admin_client, instance, post):
    sign_in(instance, Client(), post)
    app = MastodonApp.objects.get()

    changelist = admin_client.get("/admin/mastodon/mastodonapp/")
    detail = admin_client.get(f"/admin/mastodon/mastodonapp/{app.pk}/change/")

    assert instance.name in changelist.text
    assert app.client_id in detail.text
    assert app.client_secret not in changelist.text + detail.text
