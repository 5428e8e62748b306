"""A reader toggling Like in a loop is slowed down, not allowed to churn every page."""

import pytest

from likes.views import PRESSES_PER_READER
from tests.conftest import make_post
from tests.likes.helpers import make_reader, press

pytestmark = pytest.mark.django_db


def test_a_reader_pressing_like_too_often_is_told_to_wait(client):
    post = make_post()
    client.force_login(make_reader())
    for n in range(PRESSES_PER_READER):
        assert press(client, post, "unlike" if n % 2 else "like").status_code == 302

    refused = press(client, post, "like")
    refused_json = press(client, post, "like", json=True)

    assert refused.status_code == 429
    assert "Too many attempts" in refused.text
    assert refused_json.status_code == 429
    assert "wait" in refused_json.json()["error"]
    assert post.likes.count() == 0, "the refused presses changed nothing"


def test_the_limit_is_per_reader(client):
    post = make_post()
    client.force_login(make_reader())
    for _ in range(PRESSES_PER_READER + 1):
        press(client, post)

    client.force_login(make_reader())
    assert press(client, post).status_code == 302
    assert post.likes.count() == 2
