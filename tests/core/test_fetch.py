"""The safe client: which URLs it fetches, and how little it lets another site cost us."""

import socket
import threading
import time

import pytest

from core import fetch


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.0.0.1/",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused_before_connecting(
    url, connections
):
    with pytest.raises(fetch.Refused):
        fetch.fetch(url)

    assert connections == []


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://[2002:7f00:1::]/", id="6to4 of 127.0.0.1"),
        pytest.param("http://[2002:a9fe:a9fe::]/", id="6to4 of 169.254.169.254"),
        pytest.param("http://[2002:c0a8:101::1]/", id="6to4 of 192.168.1.1"),
        pytest.param("http://[2001:0:4136:e378:8000:63bf:80ff:fefe]/", id="Teredo to 127.0.1.1"),
        pytest.param("http://[2001:0:a00:1::1]/", id="Teredo through 10.0.0.1"),
        pytest.param("http://[64:ff9b::7f00:1]/", id="NAT64 of 127.0.0.1"),
        pytest.param("http://[64:ff9b::a9fe:a9fe]/", id="NAT64 of 169.254.169.254"),
        pytest.param("http://[64:ff9b:1::a00:1]/", id="local-use NAT64"),
        pytest.param("http://[::ffff:127.0.0.1]/", id="IPv4-mapped 127.0.0.1"),
        pytest.param("http://[::ffff:a9fe:a9fe]/", id="IPv4-mapped 169.254.169.254"),
        pytest.param("http://[::10.0.0.1]/", id="IPv4-compatible 10.0.0.1"),
        pytest.param("http://[::ffff:0:10.0.0.1]/", id="IPv4-translated 10.0.0.1"),
        pytest.param("http://[fec0::1]/", id="site-local"),
    ],
)
def test_ipv6_addresses_that_lead_to_a_private_address_are_refused_before_connecting(
    url, connections
):
    with pytest.raises(fetch.Refused):
        fetch.fetch(url)

    assert connections == []


@pytest.mark.parametrize(
    "address",
    ["2002:5db8:d822::1", "64:ff9b::5db8:d822", "::ffff:93.184.216.34", "2606:4700::1111"],
)
def test_ipv6_addresses_that_lead_to_a_public_ipv4_address_are_public(address):
    assert fetch.is_public_address(address)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/file",
        "gopher://example.com/",
        "javascript:alert(1)",
        "//example.com/no-scheme",
        "http://user:secret@example.com/",
        "http://example.com:25/",
        "http:///no-host",
    ],
)
def test_only_plain_web_urls_are_fetched(url, connections):
    with pytest.raises(fetch.Refused):
        fetch.fetch(url)

    assert connections == []


def test_the_setting_lets_the_client_reach_a_local_server(other_blog, private_addresses_allowed):
    url = other_blog.page("/hello/", "<p>Hello</p>")

    response = fetch.fetch(url)

    assert (response.status, response.body, response.truncated) == (200, b"<p>Hello</p>", False)


def test_without_the_setting_a_local_server_is_refused(other_blog):
    url = other_blog.page("/hello/", "<p>Hello</p>")

    with pytest.raises(fetch.Refused):
        fetch.fetch(url)

    assert other_blog.requests == []


def test_a_redirect_is_followed_and_checked_again(other_blog, private_addresses_allowed):
    other_blog.page("/new/", "<p>Moved here</p>")
    old = other_blog.page("/old/", "", status=301, headers={"Location": "/new/"})
    to_file = other_blog.page(
        "/sneaky/", "", status=302, headers={"Location": "file:///etc/passwd"}
    )

    assert fetch.fetch(old).body == b"<p>Moved here</p>"
    with pytest.raises(fetch.Refused):
        fetch.fetch(to_file)


def test_a_redirect_to_a_private_address_is_refused_before_connecting(
    other_blog, monkeypatch, connections
):
    # The other blog's own address counts as public here; where it redirects to does not.
    monkeypatch.setattr(fetch, "is_public_address", lambda address: address == "127.0.0.1")
    monkeypatch.setattr(fetch, "PUBLIC_PORTS", {80, 443, other_blog.server.server_address[1]})
    url = other_blog.page(
        "/go/", "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )

    with pytest.raises(fetch.Refused, match="169.254.169.254"):
        fetch.fetch(url)

    assert [r["path"] for r in other_blog.requests] == ["/go/"]
    assert [host for host, _ in connections] == ["127.0.0.1"]


def test_redirects_stop_after_a_few(other_blog, private_addresses_allowed):
    for n in range(10):
        other_blog.page(f"/loop/{n}/", "", status=302, headers={"Location": f"/loop/{n + 1}/"})

    with pytest.raises(fetch.UpstreamError, match="redirects"):
        fetch.fetch(other_blog.url("/loop/0/"))

    assert len(other_blog.requests) == fetch.MAX_REDIRECTS + 1


def test_a_server_that_never_answers_times_out(
    silent_server, private_addresses_allowed, short_timeout
):
    started = time.monotonic()

    with pytest.raises(fetch.Timeout):
        fetch.fetch(silent_server + "/never/")

    assert time.monotonic() - started < short_timeout + 1.5


HTTP_1_0_HEAD = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"


def one_byte_at_a_time(data):
    return [data[i : i + 1] for i in range(len(data))]


def test_a_body_dripped_until_the_connection_closes_times_out_on_time(
    other_blog, private_addresses_allowed
):
    # No Content-Length: the body runs to the close, one byte every 0.2 s for 30 s.
    url, server_free = other_blog.dripping("/drip/", [HTTP_1_0_HEAD, *[b"."] * 150], every=0.2)
    started = time.monotonic()

    with pytest.raises(fetch.Timeout):
        fetch.fetch(url, timeout=1)

    assert time.monotonic() - started < 2
    assert server_free.wait(2), "the other blog is still sending"


def test_headers_dripped_one_byte_at_a_time_time_out_on_time(other_blog, private_addresses_allowed):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 200
    url, server_free = other_blog.dripping("/slow-head/", one_byte_at_a_time(head), every=0.05)
    started = time.monotonic()

    with pytest.raises(fetch.Timeout):
        fetch.fetch(url, timeout=1)

    assert time.monotonic() - started < 2
    assert server_free.wait(2), "the other blog is still sending"


def test_no_single_read_waits_past_the_deadline(other_blog, private_addresses_allowed):
    # The last byte comes at 0.8 s, then silence: the read that follows may wait 0.2 s, not 1.
    url, _ = other_blog.dripping("/then-silence/", [HTTP_1_0_HEAD, *[b"."] * 4], every=0.2)
    started = time.monotonic()

    with pytest.raises(fetch.Timeout):
        fetch.fetch(url, timeout=1)

    assert time.monotonic() - started < 1.4


@pytest.fixture
def slow_name_server(monkeypatch):
    """Names under .slow.test take as long to resolve as the test lasts (10 s at most)."""
    test_over = threading.Event()
    getaddrinfo = socket.getaddrinfo

    def slow_getaddrinfo(host, *args, **kwargs):
        if host.endswith(".slow.test"):
            test_over.wait(10)
            raise socket.gaierror(socket.EAI_AGAIN, "the name server gave up")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    yield
    test_over.set()


def test_a_slow_name_server_times_out_on_time(slow_name_server):
    started = time.monotonic()

    with pytest.raises(fetch.Timeout):
        fetch.fetch("http://blog.slow.test/", timeout=1)

    assert time.monotonic() - started < 1.5


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch, connections):
    # The name answers a public address once, then loopback to whoever asks again.
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])
    getaddrinfo = socket.getaddrinfo

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host != "rebinding.test":
            return getaddrinfo(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)

    with pytest.raises(fetch.Unreachable):
        fetch.fetch("http://rebinding.test/")

    assert connections == [("93.184.216.34", 80)]


def test_proxies_named_in_the_environment_are_not_used(
    other_blog, private_addresses_allowed, monkeypatch
):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9/")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    url = other_blog.page("/direct/", "<p>Direct</p>")

    assert fetch.fetch(url).body == b"<p>Direct</p>"


def test_a_huge_page_is_read_to_one_megabyte_and_no_further(other_blog, private_addresses_allowed):
    url, done = other_blog.huge("/huge/", size=50 * 1024 * 1024)

    response = fetch.fetch(url)

    assert response.truncated
    assert len(response.body) == fetch.MAX_BYTES
    assert done.wait(10), "the other blog kept sending"
    assert other_blog.streamed["/huge/"] < 20 * 1024 * 1024


def test_the_text_is_decoded_in_the_charset_the_page_declares(
    other_blog, private_addresses_allowed
):
    url = other_blog.page(
        "/latin/", "<p>Café crème</p>".encode("iso-8859-1"), content_type="text/html"
    )
    meta = other_blog.page(
        "/meta/",
        '<meta charset="windows-1252"><p>“Quotes”</p>'.encode("windows-1252"),
        content_type="text/html",
    )
    other_blog.page(
        "/header/", "<p>Ünïcode</p>".encode("iso-8859-1"), content_type="text/html; charset=latin-1"
    )

    assert "Café crème" not in fetch.fetch(url).text()  # undeclared: read as UTF-8
    assert "“Quotes”" in fetch.fetch(meta).text()
    assert "Ünïcode" in fetch.fetch(other_blog.url("/header/")).text()
