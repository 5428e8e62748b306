"""The safe client: which URLs it fetches, and how little it lets another site cost us."""

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
