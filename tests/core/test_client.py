"""The client's address: REMOTE_ADDR, or X-Forwarded-For as far as the trusted proxies go."""

import pytest
from django.test import RequestFactory

from core.client import client_ip


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("198.51.100.1", "203.0.113.9")) == "198.51.100.1"


def test_behind_one_proxy_the_address_it_saw_is_the_clients(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("127.0.0.1", "10.9.9.9, 203.0.113.9")  # the first hop is forgeable
    assert client_ip(request) == "203.0.113.9"


def test_behind_two_proxies_the_outer_ones_view_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("127.0.0.1", "10.9.9.9, 203.0.113.9, 192.0.2.1")
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "203.0.113.9"])
def test_a_header_with_fewer_hops_than_proxies_is_not_trusted(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("127.0.0.1", forwarded)) == "127.0.0.1"


def test_a_forwarded_value_that_is_no_address_gives_none(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("127.0.0.1", "not-an-address")) is None
