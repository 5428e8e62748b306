"""Signing in to comment with WordPress.com, through a real OAuth 2 exchange.

WordPress.com runs on 127.0.0.1 (tests/accounts/wordpress_com_server.py) and the
blog points SOCIALACCOUNT_PROVIDERS["wordpress"]["API_URL"] at it. The test
client plays the reader's browser on the blog's side; the provider's pages are
reached over HTTP. Everything between is allauth's own views and the HTTP calls
they make.
"""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.files.storage import default_storage
from PIL import Image

from accounts.identity import profile_url
from comments.models import Comment
from core.avatars import avatar_url
from tests.accounts.wordpress_com_server import (
    CALLBACK_PATH,
    CLIENT_ID,
    CLIENT_SECRET,
    LocalWordPressCom,
    Profile,
    portrait,
)
from tests.comments.helpers import page_of, post_comment
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

GREETING = "You are commenting using your WordPress.com account."
FAILURE = "Third-Party Login Failure"
NO_PROFILE = "WordPress.com did not send your profile"


@pytest.fixture
def wordpress_com():
    server = LocalWordPressCom().start()
    yield server
    server.stop()


@pytest.fixture
def media(settings, tmp_path):
    """Each test's stored avatars to itself."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def configured(settings, wordpress_com, media):
    """The blog signs in with the local WordPress.com, credentials from the environment."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "wordpress": wordpress_com.provider_settings(),
    }
    # The provider, and the picture it names, are on 127.0.0.1.
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    return wordpress_com


@pytest.fixture
def post():
    return make_post("A post to answer")


def wordpress_link(html):
    match = re.search(r'href="([^"]+)" data-provider="wordpress"', html)
    assert match, "no WordPress.com sign-in link"
    return match.group(1).replace("&amp;", "&")


def approved_callback(client, server, post):
    """Click the icon, confirm, approve at WordPress.com: the callback it sends the reader to."""
    link = wordpress_link(client.get(post.get_absolute_url()).text)
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert "Sign In Via WordPress.com" in confirm.text

    to_provider = client.post(link)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{server.url}/oauth2/authorize?")

    back = urlsplit(server.approve(to_provider["Location"]))
    assert back.path == CALLBACK_PATH
    return back


def sign_in(client, server, post):
    back = approved_callback(client, server, post)
    return client.get(f"{back.path}?{back.query}")


def nobody_signed_in(client):
    return (
        "_auth_user_id" not in client.session
        and not SocialAccount.objects.exists()
        and not get_user_model().objects.filter(email=Profile().email).exists()
    )


def form_sent_by(page, label):
    """The form a button of the comment form submits."""
    button = page.by_id("commentform").find("input", type="submit", value=label)
    return page.by_id(button.attrs["form"])


def fields_of(form):
    return {field.attrs["name"]: field.attrs["value"] for field in form.find_all("input")}


# Offering it.


def test_the_comment_form_offers_wordpress_com_with_its_icon(client, configured, post):
    html = client.get(post.get_absolute_url()).text

    link = urlsplit(wordpress_link(html))
    assert link.path == "/accounts/wordpress/login/"
    assert parse_qs(link.query)["next"] == [f"{post.get_absolute_url()}#respond"]
    assert 'alt="Log in with WordPress.com"' in html
    assert "/static/img/social/wordpress.svg" in html


def test_the_comment_form_offers_wordpress_com_configured_in_the_admin(
    client, settings, wordpress_com, post
):
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "wordpress": wordpress_com.provider_settings(with_app=False),
    }
    app = SocialApp.objects.create(
        provider="wordpress", name="WordPress.com", client_id=CLIENT_ID, secret=CLIENT_SECRET
    )
    app.sites.add(Site.objects.get_current())

    response = sign_in(client, wordpress_com, post)

    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    assert SocialAccount.objects.get().provider == "wordpress"


def test_the_guest_page_with_wordpress_com_offered_is_still_served_from_the_cache(
    client, configured, post
):
    client.get(post.get_absolute_url())

    response = client.get(post.get_absolute_url())

    assert response["X-Page-Cache"] == "hit"
    assert 'data-provider="wordpress"' in response.text


@pytest.mark.parametrize(
    ("method", "page"),
    [("get", "login/"), ("post", "login/"), ("get", "login/callback/?code=c&state=s")],
)
def test_without_credentials_wordpress_com_has_no_sign_in(client, post, method, page):
    assert 'data-provider="wordpress"' not in client.get(post.get_absolute_url()).text

    response = getattr(client, method)(f"/accounts/wordpress/{page}")

    assert response.status_code == 404


def test_the_confirmation_page_lets_its_form_reach_wordpress_com(client, configured):
    response = client.get("/accounts/wordpress/login/")

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["form-action"] == f"'self' {configured.url}"


def test_the_reader_is_sent_to_authorize_the_blog_for_their_identity(client, configured, post):
    to_provider = client.post(wordpress_link(client.get(post.get_absolute_url()).text))

    query = parse_qs(urlsplit(to_provider["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["auth"]
    assert query["response_type"] == ["code"]
    assert urlsplit(query["redirect_uri"][0]).path == CALLBACK_PATH
    assert query["state"][0]


# Signing in.


def test_a_reader_signs_in_with_wordpress_com_and_gets_an_account_with_a_verified_address(
    client, configured, post
):
    response = sign_in(client, configured, post)

    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    user = get_user_model().objects.get(email="ada@wordpress-com.example")
    assert (user.username, user.first_name, user.last_name) == ("adalovelace", "Ada", "Lovelace")
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("wordpress", "7431")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_code_is_exchanged_with_the_client_secret_and_the_same_redirect_uri(
    client, configured, post
):
    sign_in(client, configured, post)

    (token_request,) = configured.token_requests
    assert token_request["grant_type"] == "authorization_code"
    assert (token_request["client_id"], token_request["client_secret"]) == (
        CLIENT_ID,
        CLIENT_SECRET,
    )
    assert urlsplit(token_request["redirect_uri"]).path == CALLBACK_PATH


def test_signing_in_again_finds_the_same_account(client, configured, post):
    sign_in(client, configured, post)
    client.logout()

    response = sign_in(client, configured, post)

    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    assert SocialAccount.objects.count() == 1
    assert get_user_model().objects.filter(email=Profile().email).count() == 1


def test_an_address_wordpress_com_did_not_verify_is_confirmed_by_mail(
    client, configured, post, mailoutbox
):
    configured.profile = Profile(email_verified=False)

    sign_in(client, configured, post)

    assert not EmailAddress.objects.get(email=Profile().email).verified
    assert [m.to for m in mailoutbox] == [[Profile().email]]
    assert "_auth_user_id" in client.session


def test_a_callback_with_a_forged_state_signs_nobody_in(client, configured, post):
    back = approved_callback(client, configured, post)
    code = parse_qs(back.query)["code"][0]

    response = client.get(f"{back.path}?code={code}&state=forged")

    assert response.status_code == 401
    assert FAILURE in response.text
    assert nobody_signed_in(client)


def test_a_code_already_used_is_refused_and_signs_nobody_in(client, configured, post):
    back = approved_callback(client, configured, post)
    code = parse_qs(back.query)["code"][0]
    redirect_uri = configured.codes[code]["redirect_uri"]
    assert configured.exchange(code, redirect_uri).status_code == 200  # someone used it first

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 401
    assert FAILURE in response.text
    assert configured.token_requests[-1]["code"] == code
    assert nobody_signed_in(client)


def test_the_reader_who_cancels_at_wordpress_com_is_told_so(client, configured, post):
    back = approved_callback(client, configured, post)
    state = parse_qs(back.query)["state"][0]

    response = client.get(f"{back.path}?error=access_denied&state={state}", follow=True)

    assert "Login Cancelled" in response.text
    assert nobody_signed_in(client)


@pytest.mark.parametrize("answer", ["error", "html"])
def test_a_profile_that_does_not_come_signs_nobody_in_and_says_why(
    client, configured, post, answer
):
    configured.me_answers = answer

    response = sign_in(client, configured, post)

    assert response.status_code == 401
    assert FAILURE in response.text
    assert NO_PROFILE in response.text
    assert nobody_signed_in(client)


# The comment form, signed in.


def test_signed_in_with_wordpress_com_the_form_says_which_account_comments(
    client, configured, post
):
    sign_in(client, configured, post)

    form = page_of(client.get(post.get_absolute_url())).by_id("commentform")

    assert GREETING in form.text
    assert "Ada Lovelace" in form.find(cls="commenting-as-name").text
    assert "Logged in as" not in form.text
    assert form.find(cls="social-sign-in") is None
    assert form.find("input", name="author_name") is None


def test_the_form_shows_the_wordpress_com_picture_kept_here_as_a_small_png(
    client, configured, post, media
):
    sign_in(client, configured, post)

    form = page_of(client.get(post.get_absolute_url())).by_id("commentform")

    src = form.find(cls="commenting-as").find("img").attrs["src"]
    assert src.startswith("/media/avatars/")
    assert configured.url not in src
    with default_storage.open(src.removeprefix("/media/")) as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert (image.format, image.size) == ("PNG", (96, 96))


def test_the_picture_is_fetched_once_however_often_the_reader_signs_in(client, configured, post):
    sign_in(client, configured, post)
    client.logout()
    sign_in(client, configured, post)
    client.get(post.get_absolute_url())

    assert configured.avatar_requests == 1


def test_a_picture_that_is_not_an_image_is_not_kept_and_the_identicon_shows(
    client, configured, post, media
):
    configured.avatar = b"<!doctype html><p>Not a picture</p>"

    sign_in(client, configured, post)
    form = page_of(client.get(post.get_absolute_url())).by_id("commentform")

    assert form.find(cls="commenting-as").find("img").attrs["src"] == avatar_url(Profile().email)
    assert configured.avatar_requests == 1
    assert not (media / "avatars").exists()


def test_a_picture_too_large_to_be_an_avatar_is_not_kept(client, configured, post, media):
    configured.avatar = portrait(size=1500)

    sign_in(client, configured, post)
    form = page_of(client.get(post.get_absolute_url())).by_id("commentform")

    assert form.find(cls="commenting-as").find("img").attrs["src"] == avatar_url(Profile().email)
    assert not (media / "avatars").exists()


def test_the_picture_is_fetched_only_from_addresses_the_outgoing_client_allows(
    client, configured, post, settings
):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = False  # the picture is on 127.0.0.1

    sign_in(client, configured, post)
    form = page_of(client.get(post.get_absolute_url())).by_id("commentform")

    assert form.find(cls="commenting-as").find("img").attrs["src"] == avatar_url(Profile().email)
    assert configured.avatar_requests == 0


def test_log_out_signs_the_reader_out_and_brings_them_back_to_the_form(client, configured, post):
    sign_in(client, configured, post)
    log_out = form_sent_by(page_of(client.get(post.get_absolute_url())), "Log Out")
    client.handler.enforce_csrf_checks = True  # the form carries the page's token

    response = client.post(log_out.attrs["action"], fields_of(log_out))

    assert log_out.attrs["method"] == "post"
    assert response["Location"] == f"{post.get_absolute_url()}#respond"
    assert "_auth_user_id" not in client.session


def test_change_signs_the_reader_out_and_offers_the_providers_again(client, configured, post):
    sign_in(client, configured, post)
    change = form_sent_by(page_of(client.get(post.get_absolute_url())), "Change")

    response = client.post(change.attrs["action"], fields_of(change), follow=True)

    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?")
    offered = page_of(response).find("a", **{"data-provider": "wordpress"})
    link = urlsplit(offered.attrs["href"])
    assert parse_qs(link.query)["next"] == [f"{post.get_absolute_url()}#respond"]


def test_signed_in_locally_the_form_still_says_logged_in_as(client, configured, post):
    client.force_login(make_user("wendy", first_name="Wendy", last_name="Reader"))

    form = page_of(client.get(post.get_absolute_url())).by_id("commentform")

    assert "Logged in as Wendy Reader." in form.text
    assert GREETING not in form.text


def test_an_account_whose_provider_lost_its_credentials_comments_as_signed_in_locally(
    client, configured, post, settings
):
    sign_in(client, configured, post)
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "wordpress": configured.provider_settings(with_app=False),
    }

    form = page_of(client.get(post.get_absolute_url())).by_id("commentform")

    assert "Logged in as Ada Lovelace." in form.text


# The comment.


def test_a_comment_posted_signed_in_with_wordpress_com_links_to_the_profile(
    client, configured, post
):
    """Needs comments to ask accounts for the author's URL (see the report's comments change)."""
    sign_in(client, configured, post)

    response = post_comment(client, post, body="Signed in with WordPress.com.")

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_url) == (
        "Ada Lovelace",
        "https://gravatar.com/adalovelace",
    )
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    author = page_of(client.get(post.get_absolute_url())).by_id(f"comment-{comment.pk}")
    link = author.find(cls="comment-author").find("a")
    assert link.attrs["href"] == "https://gravatar.com/adalovelace"
    assert {"nofollow", "ugc"} <= set(link.attrs["rel"].split())


@pytest.mark.parametrize(
    "named",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "//gravatar.com/ada",
        "https://x.example/" + "a" * 200,
    ],
)
def test_only_a_web_address_the_comment_can_hold_becomes_the_authors_url(configured, named):
    account = SocialAccount(provider="wordpress", uid="1", extra_data={"profile_URL": named})

    assert profile_url(account) == ""
