"""Searching is limited per address: a burst of searches cannot slow the site for everyone."""

import pytest

from posts.search import RATE_LIMIT
from tests.conftest import make_post

pytestmark = pytest.mark.django_db


def test_an_address_searching_too_often_is_told_to_wait(client):
    make_post("Findable words")
    for n in range(RATE_LIMIT):
        assert client.get("/search/", {"q": f"findable {n}"}).status_code == 200

    refused = client.get("/search/", {"q": "findable again"})
    elsewhere = client.get("/search/", {"q": "findable again"}, REMOTE_ADDR="192.0.2.7")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert elsewhere.status_code == 200


def test_a_search_served_from_the_page_cache_does_not_count(client):
    make_post("Findable words")
    for _ in range(RATE_LIMIT + 5):
        assert client.get("/search/", {"q": "findable"}).status_code == 200
