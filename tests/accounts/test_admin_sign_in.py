"""The admin's sign-in (/admin/login/): failures are limited per address and per account at
that address, so guessing is slow and a stranger cannot lock the owner out; staff who turned
on two-factor sign-in give their code (or a recovery code) before they reach the admin."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.signals import user_login_failed

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # make_user's
OWNER_ADDRESS = "198.51.100.7"
STRANGER_ADDRESS = "203.0.113.66"
SIGN_IN = "/admin/login/?next=/admin/"
SECOND_STEP = "/accounts/2fa/authenticate/"


def sign_in_to_admin(client, username, password=PASSWORD, address=OWNER_ADDRESS):
    return client.post(
        SIGN_IN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def current_code(secret):
    """What the staff member's authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def editor():
    return make_user("editor", staff=True)


@pytest.fixture
def secret(editor):
    """The editor has turned on two-factor sign-in: an authenticator app, recovery codes."""
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    RecoveryCodes.activate(editor)
    return secret


# Limits


def test_staff_sign_in_to_the_admin_with_the_admins_own_form(client, editor):
    assert 'name="username"' in client.get(SIGN_IN).text

    response = sign_in_to_admin(client, "editor")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_reader_with_the_right_password_is_still_refused_the_admin(client):
    make_user("reader")

    response = sign_in_to_admin(client, "reader")

    assert response.status_code == 200
    assert "for a staff account" in response.text
    assert not signed_in(client)


def test_a_hundred_wrong_passwords_are_cut_short_and_the_right_one_then_waits(client, editor):
    statuses = [sign_in_to_admin(client, "editor", "wrong").status_code for _ in range(100)]

    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    response = sign_in_to_admin(client, "editor")
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_limited_attempt_gets_the_sites_429_page(client, editor):
    for _ in range(5):
        sign_in_to_admin(client, "editor", "wrong")

    response = sign_in_to_admin(client, "editor", "wrong")

    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert response["Retry-After"] == "60"


def test_a_limited_attempt_is_not_checked_against_the_password(client, editor):
    checked = []
    user_login_failed.connect(lambda **kwargs: checked.append(1), weak=False, dispatch_uid="t")
    try:
        for _ in range(6):
            sign_in_to_admin(client, "editor", "wrong")
    finally:
        user_login_failed.disconnect(dispatch_uid="t")

    assert len(checked) == 5


def test_a_strangers_failures_do_not_lock_the_owner_out(client, editor):
    for _ in range(20):
        sign_in_to_admin(client, "editor", "wrong", address=STRANGER_ADDRESS)

    response = sign_in_to_admin(client, "editor", address=OWNER_ADDRESS)

    assert response.status_code == 302
    assert signed_in(client)


def test_one_address_guessing_across_accounts_is_limited(client):
    for n in range(10):
        sign_in_to_admin(client, f"guess{n}", "wrong", address=STRANGER_ADDRESS)
    make_user("other-editor", staff=True)

    response = sign_in_to_admin(client, "other-editor", address=STRANGER_ADDRESS)

    assert response.status_code == 429
    assert not signed_in(client)


def test_failures_at_either_door_count_against_the_same_account(client, editor):
    for _ in range(5):
        client.post(
            "/accounts/login/", {"login": "editor", "password": "wrong"}, REMOTE_ADDR=OWNER_ADDRESS
        )

    assert sign_in_to_admin(client, "editor").status_code == 429


# Two-factor sign-in


def test_with_two_factor_on_the_password_alone_does_not_reach_the_admin(client, secret):
    response = sign_in_to_admin(client, "editor")

    assert response.status_code == 302
    assert response["Location"] == SECOND_STEP
    assert not signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_code_after_the_password_reaches_the_admin(client, editor, secret):
    sign_in_to_admin(client, "editor")

    response = client.post(SECOND_STEP, {"code": current_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_sign_in(client, secret):
    sign_in_to_admin(client, "editor")
    wrong = format_hotp_value((int(current_code(secret)) + 1) % 1_000_000)

    response = client.post(SECOND_STEP, {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code" in response.text
    assert not signed_in(client)


def test_a_code_is_taken_once(client, secret):
    code = current_code(secret)
    sign_in_to_admin(client, "editor")
    client.post(SECOND_STEP, {"code": code})
    client.post("/admin/logout/")

    sign_in_to_admin(client, "editor")
    response = client.post(SECOND_STEP, {"code": code})

    assert response.status_code == 200
    assert not signed_in(client)


def test_a_recovery_code_stands_in_for_the_app_once(client, editor, secret):
    (recovery_code, *_) = RecoveryCodes.activate(editor).get_unused_codes()
    sign_in_to_admin(client, "editor")

    assert client.post(SECOND_STEP, {"code": recovery_code})["Location"] == "/admin/"
    assert signed_in(client)
    client.post("/admin/logout/")

    sign_in_to_admin(client, "editor")
    response = client.post(SECOND_STEP, {"code": recovery_code})
    assert response.status_code == 200
    assert not signed_in(client)


def test_staff_turn_two_factor_on_at_accounts_2fa(client, editor):
    sign_in_to_admin(client, "editor")
    assert client.get("/accounts/2fa/").status_code == 200
    to_confirm = client.get("/accounts/2fa/totp/activate/")
    assert to_confirm["Location"].startswith("/accounts/reauthenticate/")
    client.post(to_confirm["Location"], {"password": PASSWORD})

    page = client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.text
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert set(editor.authenticator_set.values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
