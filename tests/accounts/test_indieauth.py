"""Signing in with one's own website (IndieAuth), through a real (local) site and its server.

The site runs on 127.0.0.1 (tests/accounts/indieauth_server.py), which the blog
reaches only with PINGS_ALLOW_PRIVATE_ADDRESSES on; the tests that check which
addresses are refused turn it off again, as in production. The test client plays
the browser on the blog's side; the site's pages are reached over HTTP.
"""

import html
import re
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.internal.statekit import STATES_SESSION_KEY
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.providers.indieauth.profile_url import ProfileURLError, canonical_profile_url
from core import fetch
from tests.accounts.indieauth_server import LocalIndieAuthSite, home_page, pkce_s256
from tests.conftest import make_post

pytestmark = pytest.mark.django_db

SIGN_IN_PATH = "/accounts/indieauth/login/"
CALLBACK_PATH = "/accounts/indieauth/login/callback/"
DISCOVERY = ["metadata-header", "metadata-link", "legacy"]


@pytest.fixture
def site(settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    site = LocalIndieAuthSite().start()
    yield site
    site.stop()


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


def provider_link(page):
    match = re.search(r'href="([^"]+)" data-provider="indieauth"', page)
    assert match, "no sign-in link for a website"
    return html.unescape(match.group(1))


def hidden_fields(page):
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page)
    }


def type_the_address(client, typed, post):
    """Click the website icon on the post, type the site's address, press Continue."""
    form_page = client.get(provider_link(client.get(post.get_absolute_url()).text))
    assert form_page.status_code == 200
    return client.post(SIGN_IN_PATH, {**hidden_fields(form_page.text), "url": typed})


def callback_from(site, client, post):
    """Everything up to the site's server sending the reader back: the callback, unfollowed."""
    to_server = type_the_address(client, site.url, post)
    assert to_server.status_code == 302, to_server.text
    assert to_server["Location"].startswith(f"{site.url}/auth?")
    back = urlsplit(site.approve(to_server["Location"]))
    assert back.path == CALLBACK_PATH
    return f"{back.path}?{back.query}"


def sign_in(site, client, post):
    return client.get(callback_from(site, client, post))


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_comment_form_offers_signing_in_with_a_website(client, post):
    page = client.get(post.get_absolute_url()).text

    link = urlsplit(provider_link(page))
    assert link.path == SIGN_IN_PATH
    assert parse_qs(link.query)["next"] == [f"{post.get_absolute_url()}#respond"]
    assert 'alt="Log in with Your website"' in page
    assert "img/social/indieauth.svg" in page


def test_the_sign_in_page_offers_signing_in_with_a_website(client):
    page = client.get("/accounts/login/").text

    link = re.search(r'data-provider="indieauth" href="([^"]+)"', page)
    assert link, "no website button on the sign-in page"
    assert urlsplit(html.unescape(link.group(1))).path == SIGN_IN_PATH


@pytest.mark.parametrize("discovery", DISCOVERY)
def test_signing_in_with_a_website_returns_to_the_post_signed_in(client, site, post, discovery):
    site.discovery = discovery

    response = sign_in(site, client, post)

    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    account = SocialAccount.objects.get()
    assert (account.provider, account.uid) == ("indieauth", f"{site.url}/")
    user = account.user
    assert (user.username, user.first_name, user.last_name) == ("127.0.0.1", "Grace", "Hopper")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Grace Hopper" in client.get(post.get_absolute_url()).text


def test_a_reader_with_a_website_is_not_asked_for_an_email_address(client, site, post):
    response = sign_in(site, client, post)

    assert response["Location"] != "/accounts/3rdparty/signup/"
    assert signed_in(client)
    assert get_user_model().objects.get(username="127.0.0.1").email == ""
    assert not EmailAddress.objects.exists()


def test_the_authorization_request_names_the_blog_and_carries_a_pkce_challenge(client, site, post):
    sign_in(site, client, post)

    (request,) = site.authorization_requests
    site_url = settings.SITE_URL.rstrip("/")
    assert request["client_id"] == f"{site_url}/"
    assert request["redirect_uri"] == f"{site_url}{CALLBACK_PATH}"
    assert request["me"] == f"{site.url}/"
    assert request["code_challenge_method"] == "S256"
    assert request["scope"] == "profile"


def test_the_code_is_redeemed_at_the_authorization_endpoint_with_the_verifier(client, site, post):
    sign_in(site, client, post)

    (request,) = site.authorization_requests
    (redemption,) = site.redemptions
    assert redemption["grant_type"] == "authorization_code"
    assert redemption["client_id"] == request["client_id"]
    assert pkce_s256(redemption["code_verifier"]) == request["code_challenge"]
    assert site.token_requests == []  # signing in needs no access token


def test_signing_in_again_finds_the_same_account(client, site, post):
    sign_in(site, client, post)
    client.logout()

    response = sign_in(site, client, post)

    assert response.status_code == 302
    assert signed_in(client)
    assert SocialAccount.objects.count() == 1


def test_a_callback_with_a_forged_state_signs_nobody_in(client, site, post):
    callback = urlsplit(callback_from(site, client, post))
    code = parse_qs(callback.query)["code"][0]

    response = client.get(CALLBACK_PATH, {"code": code, "state": "forged"})

    assert response.status_code == 400
    assert "This sign-in was not started in this browser" in response.text
    assert not signed_in(client)
    assert not SocialAccount.objects.exists()
    assert site.redemptions == []


def test_a_code_is_good_for_one_sign_in_only(client, site, post):
    callback = callback_from(site, client, post)
    states = client.session[STATES_SESSION_KEY]
    client.get(callback)
    client.logout()
    session = client.session
    session[STATES_SESSION_KEY] = states  # as if the sign-in had never happened here
    session.save()

    response = client.get(callback)

    assert response.status_code == 400
    assert f"{site.host} refused to confirm the sign-in (it answered 400)." in response.text
    assert not signed_in(client)
    assert SocialAccount.objects.count() == 1


def test_a_profile_url_on_another_host_than_the_one_typed_is_refused(client, site, post):
    site.me = "https://someone-else.example/"

    response = sign_in(site, client, post)

    assert response.status_code == 400
    assert (
        f"The sign-in answered for https://someone-else.example/, which is not on {site.host}"
        in response.text
    )
    assert not signed_in(client)
    assert not SocialAccount.objects.exists()


def test_another_profile_url_on_the_same_site_naming_the_same_server_is_believed(
    client, site, post
):
    site.me = f"{site.url}/grace/"
    site.pages["/grace/"] = home_page(site.legacy_links())

    response = sign_in(site, client, post)

    assert response.status_code == 302
    assert SocialAccount.objects.get().uid == f"{site.url}/grace/"


def test_another_profile_url_on_the_same_site_naming_another_server_is_refused(client, site, post):
    site.me = f"{site.url}/mallory/"
    site.pages["/mallory/"] = home_page(f'<link rel="authorization_endpoint" href="{site.url}/x">')

    response = sign_in(site, client, post)

    assert response.status_code == 400
    assert f"{site.url}/mallory/ does not name the server that signed you in." in response.text
    assert not SocialAccount.objects.exists()


def test_an_answer_from_another_issuer_than_the_metadata_names_is_refused(client, site, post):
    callback = urlsplit(callback_from(site, client, post))
    query = {**dict(parse_qsl(callback.query)), "iss": "https://issuer.example/"}

    response = client.get(callback.path, query)

    assert response.status_code == 400
    assert "The answer came from another server than your site names." in response.text
    assert site.redemptions == []
    assert not signed_in(client)


def test_the_link_header_is_read_before_the_pages_links(client, site, post):
    site.discovery = "metadata-header"
    site.head = '<link rel="indieauth-metadata" href="/not-the-metadata">'

    to_server = type_the_address(client, site.url, post)

    assert to_server.status_code == 302
    assert ("GET", "/not-the-metadata") not in site.requests


def test_a_site_that_names_no_server_gets_a_clear_message(client, site, post):
    site.discovery = "none"

    response = type_the_address(client, site.url, post)

    assert response.status_code == 200
    assert f"{site.host} names no IndieAuth server" in response.text
    assert "You are not signed in." in response.text


@pytest.mark.parametrize(
    ("path", "answer", "message"),
    [
        ("/", (500, "text/html", b"<h1>Error</h1>"), "{host} refused to show your site"),
        (
            "/.well-known/oauth-authorization-server",
            (200, "text/html", b"<html>not JSON</html>"),
            "{host} did not answer as IndieAuth asks when asked to describe",
        ),
    ],
)
def test_a_site_that_fails_discovery_gets_a_clear_message(
    client, site, post, path, answer, message
):
    site.answers[path] = answer

    response = type_the_address(client, site.url, post)

    assert message.format(host=site.host) in html.unescape(response.text)
    assert not signed_in(client)


@pytest.mark.parametrize(
    "answer",
    [
        (200, "text/html", b"<p>Welcome back!</p>"),
        (200, "application/json", b'{"profile": {"name": "Nobody"}}'),
    ],
)
def test_a_server_answering_nonsense_for_the_code_signs_nobody_in(client, site, post, answer):
    callback = callback_from(site, client, post)
    site.answers["/auth"] = answer

    response = client.get(callback)

    assert response.status_code == 400
    assert "did not answer as IndieAuth asks when asked to confirm the sign-in" in response.text
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("{site.url}/", "not an IP address"),
        ("localhost", "“localhost” is this computer"),
        ("https://example.com:8443/", "without “:8443”"),
        ("https://example.com/#me", "without the “#” part"),
        ("https://grace@example.com/", "is not the address of a website"),
        ("ftp://example.com/", "is not the address of a website"),
        ("https://example.com/a/../b", "is not the address of a website"),
    ],
)
def test_an_address_not_on_the_web_is_refused_before_any_request(
    client, site, post, requests_made, settings, typed, reason
):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = False

    response = type_the_address(client, typed.format(site=site), post)

    assert response.status_code == 200
    assert reason in html.unescape(response.text)
    assert requests_made == []
    assert site.requests == []


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("example.com", "https://example.com/"),
        (" Example.COM/Grace ", "https://example.com/Grace"),
        ("http://example.com", "http://example.com/"),
        ("https://example.com:443/?lang=en", "https://example.com/?lang=en"),
    ],
)
def test_an_address_is_read_in_its_canonical_form(typed, canonical):
    assert canonical_profile_url(typed) == canonical


def test_an_address_too_long_for_an_account_is_refused():
    with pytest.raises(ProfileURLError, match="too long"):
        canonical_profile_url("https://example.com/" + "a" * 200)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", SIGN_IN_PATH), ("post", SIGN_IN_PATH), ("get", f"{CALLBACK_PATH}?code=c&state=s")],
)
def test_with_website_sign_in_off_its_pages_are_not_found(client, settings, method, path):
    settings.INDIEAUTH_SIGN_IN = False

    assert getattr(client, method)(path).status_code == 404


def test_with_website_sign_in_off_it_is_not_offered(client, settings, post):
    settings.INDIEAUTH_SIGN_IN = False

    assert 'data-provider="indieauth"' not in client.get(post.get_absolute_url()).text
    assert 'data-provider="indieauth"' not in client.get("/accounts/login/").text
