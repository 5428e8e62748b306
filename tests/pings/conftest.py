"""Pings are tested against another blog: a real HTTP server on 127.0.0.1."""

import types

import pytest

from core import ratelimit
from tests.other_blog import (  # noqa: F401  (fixtures)
    connections,
    other_blog,
    private_addresses_allowed,
    short_timeout,
    silent_server,
)


@pytest.fixture
def rate_limit_clock_stopped(monkeypatch):
    """The rate limits count in windows of a minute; with their clock stopped, a test
    that counts up to a limit never straddles two windows."""
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: 1_800_000_000.0))
