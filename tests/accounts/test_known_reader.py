""" "A previously approved comment" trusts a signed-in reader only by what is proven theirs:
their own comments, an address their sign-in verified, their account's profile URL."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site

from comments.models import Comment
from tests.comments.helpers import make_comment, post_comment
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db


def reader(username, *, email="", verified=False):
    user = make_user(username, email=email, first_name="Ada")
    if email:
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def comment_as(client, user, post):
    client.force_login(user)
    assert post_comment(client, post, body=f"<p>A new comment from {user}</p>").status_code == 302
    return Comment.objects.filter(user=user).latest("created")


def test_a_reader_with_their_own_approved_comment_is_known(client):
    post = make_post()
    ada = reader("ada")
    make_comment(post, user=ada, author_name="Ada", author_email="")

    assert comment_as(client, ada, post).status == Comment.Status.APPROVED


def test_the_same_name_without_an_address_is_not_enough(client):
    post = make_post()
    make_comment(post, user=reader("other-ada"), author_name="Ada", author_email="")

    held = comment_as(client, reader("ada"), post)

    assert held.status == Comment.Status.PENDING
    assert held.moderation_reason == "first comment from this author"


def test_a_verified_address_with_approved_comments_is_known(client):
    post = make_post()
    make_comment(post, author_name="Ada", author_email="ada@example.com")

    ada = reader("ada", email="ada@example.com", verified=True)

    assert comment_as(client, ada, post).status == Comment.Status.APPROVED


def test_an_unverified_address_is_not_trusted(client):
    post = make_post()
    make_comment(post, author_name="Ada", author_email="ada@example.com")

    ada = reader("ada", email="ada@example.com", verified=False)

    assert comment_as(client, ada, post).status == Comment.Status.PENDING


def test_the_profile_of_a_social_account_is_known_across_sign_ins(client):
    post = make_post()
    profile = "https://social.example/@ada"
    earlier = reader("ada-elsewhere")
    make_comment(post, user=earlier, author_name="Ada", author_email="", author_url=profile)
    app = SocialApp.objects.create(provider="wordpress", name="WordPress.com", client_id="id")
    app.sites.add(Site.objects.get_current())
    ada = reader("ada")
    SocialAccount.objects.create(
        user=ada, provider="wordpress", uid="42", extra_data={"ID": 42, "profile_URL": profile}
    )

    comment = comment_as(client, ada, post)

    assert comment.author_url == profile
    assert comment.status == Comment.Status.APPROVED
