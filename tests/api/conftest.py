import base64

import pytest
from rest_framework.test import APIClient

from api.models import ApplicationPassword
from tests.conftest import make_user


def basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return f"Basic {token}"


def client_for(user, name="Tests"):
    """An API client signed in with a new application password of `user`."""
    _, password = ApplicationPassword.objects.issue(user, name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(user.username, password))
    client.app_password = password
    return client


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def author_user():
    return make_user("alice", groups=["Authors"])


@pytest.fixture
def editor_user():
    return make_user("eddie", groups=["Editors"])


@pytest.fixture
def contributor_user():
    return make_user("carol", groups=["Contributors"])
