"""The outgoing client is tested against a real HTTP server on 127.0.0.1."""

from tests.other_blog import (  # noqa: F401  (fixtures)
    connections,
    other_blog,
    private_addresses_allowed,
    short_timeout,
    silent_server,
)
