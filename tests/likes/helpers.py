"""Small helpers for the likes tests: readers who can sign in, and pressing the button."""

from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.conftest import make_user

PASSWORD = "pw-for-tests-123"


def make_reader(username=None, **fields):
    """A reader with a verified e-mail address, as after signing up (verification is mandatory)."""
    user = make_user(username, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def like_url(post):
    return reverse("likes:like", args=[post.pk])


def press(client, post, action="like", *, json=False, **data):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(like_url(post), {"action": action, **data}, headers=headers)


def csrf_token(client):
    """What likes.js fetches on a cached page: a token (and the cookie that goes with it)."""
    response = client.get(reverse("likes:token"))
    assert response.status_code == 200
    return response.json()["csrf"]


def sign_in(client, user, next_url):
    """Sign in on allauth's page, as a reader does after being sent there."""
    return client.post(
        f"{reverse('account_login')}?next={next_url}",
        {
            "login": user.username,
            "password": PASSWORD,
            "next": next_url,
            "csrfmiddlewaretoken": csrf_token(client),
        },
    )
