"""A database connection that died (a PostgreSQL restart) is replaced, not reported as a 500."""

import pytest
import requests
from django.db import connection

from tests.conftest import make_post

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="kills PostgreSQL server processes"
    ),
]


def kill_other_connections():
    """End every other session on the test database, as a server restart does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_the_first_requests_after_the_database_dropped_its_connections_succeed(
    live_server, settings
):
    settings.PAGE_CACHE_ENABLED = False
    post = make_post("Still readable")
    with requests.Session() as browser:
        assert browser.get(live_server.url + post.get_absolute_url(), timeout=30).ok

        kill_other_connections()
        statuses = [
            browser.get(live_server.url + post.get_absolute_url(), timeout=30).status_code
            for _ in range(5)
        ]

    assert statuses == [200] * 5
