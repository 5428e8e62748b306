"""Application passwords: made in the admin, shown once, stored hashed; for the APIs only."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from rest_framework.test import APIClient

from api.models import ApplicationPassword
from tests.conftest import make_user

from .conftest import basic, client_for

pytestmark = pytest.mark.django_db
SHOWN = re.compile(r"is: ((?:[A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4})")


def test_a_staff_user_creates_one_in_the_admin_and_sees_it_once(client, author_user):
    client.force_login(author_user)
    response = client.post("/admin/api/applicationpassword/add/", {"name": "MarsEdit"}, follow=True)
    shown = SHOWN.search(response.content.decode()).group(1)
    row = ApplicationPassword.objects.get(user=author_user)
    assert row.name == "MarsEdit"
    assert shown.replace(" ", "") not in row.password
    assert check_password(shown.replace(" ", ""), row.password)
    listing = client.get("/admin/api/applicationpassword/").content.decode()
    assert "MarsEdit" in listing and shown not in listing


def test_each_user_sees_and_revokes_only_their_own(client, author_user):
    theirs, _ = ApplicationPassword.objects.issue(make_user(staff=True), "Someone else's")
    mine, _ = ApplicationPassword.objects.issue(author_user, "Mine")
    client.force_login(author_user)
    listing = client.get("/admin/api/applicationpassword/").content.decode()
    assert "Mine" in listing and "Someone else" not in listing
    refused = client.post(f"/admin/api/applicationpassword/{theirs.pk}/delete/", {"post": "yes"})
    assert refused.status_code == 302  # "does not exist": not in their list
    assert ApplicationPassword.objects.filter(pk=theirs.pk).exists()
    client.post(f"/admin/api/applicationpassword/{mine.pk}/delete/", {"post": "yes"})
    assert not ApplicationPassword.objects.filter(pk=mine.pk).exists()


def test_a_password_signs_in_to_the_api_and_records_its_use(author_user):
    api = client_for(author_user)
    response = api.get("/wp-json/wp/v2/users/me", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200 and response.json()["id"] == author_user.pk
    row = ApplicationPassword.objects.get(user=author_user)
    assert row.last_used is not None and row.last_ip == "203.0.113.9"


def test_the_password_works_without_its_spaces(author_user):
    _, password = ApplicationPassword.objects.issue(author_user, "Script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=basic("alice", password.replace(" ", "")))
    assert api.get("/wp-json/wp/v2/users/me").status_code == 200


@pytest.mark.parametrize("case", ["wrong", "revoked", "account password", "unknown user"])
def test_a_bad_password_is_401_in_wordpress_shape(author_user, case):
    row, password = ApplicationPassword.objects.issue(author_user, "Script")
    username = "alice"
    if case == "wrong":
        password = "abcd " * 5 + "abcd"
    elif case == "revoked":
        row.delete()
    elif case == "account password":
        password = "pw-for-tests-123"
    else:
        username = "nobody"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=basic(username, password))
    response = api.get("/wp-json/wp/v2/posts")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "incorrect_password" and body["data"] == {"status": 401}
    assert body["message"]


def test_an_application_password_does_not_open_the_admin(client, author_user):
    _, password = ApplicationPassword.objects.issue(author_user, "Script")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "alice", "password": password}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    spaceless = client.post(
        "/admin/login/", {"username": "alice", "password": password.replace(" ", "")}
    )
    assert spaceless.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_an_application_password_does_not_sign_in_to_the_site(client, author_user):
    _, password = ApplicationPassword.objects.issue(author_user, "Script")
    for typed in (password, password.replace(" ", "")):
        client.post("/accounts/login/", {"login": "alice", "password": typed})
        assert "_auth_user_id" not in client.session


def test_basic_auth_on_a_site_page_signs_nobody_in(client, author_user):
    _, password = ApplicationPassword.objects.issue(author_user, "Script")
    client.get("/admin/", HTTP_AUTHORIZATION=basic("alice", password))
    assert "_auth_user_id" not in client.session


def test_an_address_guessing_passwords_is_refused_for_a_minute(author_user):
    _, password = ApplicationPassword.objects.issue(author_user, "Script")
    guesser = APIClient(REMOTE_ADDR="198.51.100.7")
    guesser.credentials(HTTP_AUTHORIZATION=basic("alice", "wxyz " * 5 + "wxyz"))
    answers = [guesser.get("/wp-json/wp/v2/users/me").status_code for _ in range(12)]
    assert answers[:10] == [401] * 10 and answers[-1] == 429
    guesser.credentials(HTTP_AUTHORIZATION=basic("alice", password))
    refused = guesser.get("/wp-json/wp/v2/users/me")
    assert refused.status_code == 429 and refused.json()["code"] == "rest_too_many_requests"
    assert refused["Retry-After"] == "60"
    elsewhere = client_for(author_user)
    assert elsewhere.get("/wp-json/wp/v2/users/me").status_code == 200


def test_an_authors_profile_menu_offers_application_passwords(client, author_user):
    client.force_login(author_user)
    assert "/admin/api/applicationpassword/" in client.get("/admin/").content.decode()
