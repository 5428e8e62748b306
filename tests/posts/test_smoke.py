import pytest

from tests.conftest import make_post

pytestmark = pytest.mark.django_db


def test_home_lists_a_published_post(client):
    post = make_post("Hello world")
    response = client.get("/")
    assert response.status_code == 200
    assert post.get_absolute_url() in response.text
