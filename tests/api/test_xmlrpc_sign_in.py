"""Signing in over XML-RPC: application passwords only, WordPress's fault 403 otherwise."""

import pytest

from api.models import ApplicationPassword
from posts.models import Post
from tests.api.xmlrpc_calls import call, credentials, fault
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NEW_POST = {"post_title": "Should not exist", "post_content": "<p>x</p>"}


@pytest.fixture
def author():
    return make_user("alice", groups=["Authors"])


def test_an_application_password_signs_in_and_its_use_is_recorded(client, author):
    row, password = ApplicationPassword.objects.issue(author, "Editor")

    call(client, "wp.getProfile", 1, "alice", password, REMOTE_ADDR="203.0.113.9")

    row.refresh_from_db()
    assert row.last_used is not None and row.last_ip == "203.0.113.9"


@pytest.mark.parametrize("case", ["wrong", "revoked", "login password", "unknown user"])
def test_a_bad_password_is_fault_403_and_writes_nothing(client, author, case):
    row, password = ApplicationPassword.objects.issue(author, "Editor")
    username = "alice"
    if case == "wrong":
        password = "abcd " * 5 + "abcd"
    elif case == "revoked":
        row.delete()
    elif case == "login password":
        password = "pw-for-tests-123"  # the account's own password: never over XML-RPC
    else:
        username = "nobody"

    assert fault(client, "wp.newPost", 1, username, password, NEW_POST) == (
        403,
        "Incorrect username or password.",
    )
    assert not Post.objects.exists()


def test_an_inactive_account_cannot_sign_in(client, author):
    username, password = credentials(author)
    author.is_active = False
    author.save()

    assert fault(client, "wp.getPosts", 1, username, password)[0] == 403


def test_an_address_guessing_passwords_is_refused_for_a_minute(client, author):
    username, password = credentials(author)
    guesses = [fault(client, "wp.getProfile", 1, username, "wrong " * 4)[0] for _ in range(12)]

    assert guesses[:10] == [403] * 10 and guesses[-1] == 429
    code, message = fault(client, "wp.getProfile", 1, username, password)
    assert code == 429 and "minute" in message


def test_a_password_given_as_a_number_is_refused_not_an_error(client, author):
    assert fault(client, "wp.getProfile", 1, "alice", 12345) == (
        403,
        "Incorrect username or password.",
    )
