"""The other blog: a real HTTP server on 127.0.0.1 that links to us, and hears our pings.

Its fixtures are shared by the ping tests and the outgoing client's (see their conftest.py).
"""

import contextlib
import itertools
import socket
import threading
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings

from core import fetch

_ips = itertools.count(1)


def fresh_ip():
    """A new sender's address each time, so the 15-second flood rule stays out of the way."""
    n = next(_ips)
    return f"192.0.2.{n % 250 + 1}" if n < 250 else f"198.51.100.{n % 250 + 1}"


def our_url(post):
    """A post's permalink as another blog links to it."""
    return settings.SITE_URL.rstrip("/") + post.get_absolute_url()


class OtherBlog:
    """Pages to serve by path, what was asked of us, and the pings we received."""

    def __init__(self):
        self.routes = {}
        self.streams = {}
        self.streamed = {}
        self.requests = []
        self.pingbacks = []
        self.trackbacks = []
        self.webmentions = []
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.blog = self
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path):
        return self.base + path

    def requests_to(self, path):
        return [r for r in self.requests if r["path"] == path]

    def page(self, path, html, *, status=200, headers=None, content_type=None):
        """Serve `html` (text or bytes) at `path`; `headers` a dict, or a list of pairs to
        send a header more than once."""
        body = html.encode("utf-8") if isinstance(html, str) else html
        pairs = list(headers.items() if isinstance(headers, dict) else headers or [])
        all_headers = [("Content-Type", content_type or "text/html; charset=utf-8"), *pairs]
        self.routes[path] = lambda request: (status, all_headers, body)
        return self.url(path)

    def webmention_endpoint(self, path, *, page=None, status=202):
        """A Webmention endpoint at `path` that records each POST (with the query string it
        was sent to); a GET there gets `page`, for a page that is its own endpoint."""

        def answer(request):
            if request["method"] != "POST":
                return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
            form = dict(parse_qsl(request["body"].decode("utf-8")))
            self.webmentions.append(
                {"endpoint": request["path"], "query": request["query"], **form}
            )
            headers = {"Content-Type": "text/plain", "Location": self.url("/status/1")}
            return status, headers, b"Accepted"

        self.routes[path] = answer
        return self.url(path)

    def post_linking_to(
        self, path, target, *, title="A post on the other blog", before="", after=""
    ):
        return self.page(
            path,
            f"<!doctype html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><p>{before} I read "
            f"<a href='{target}'>this fine post</a> today. {after}</p></article></body></html>",
        )

    def pingback_server(self, path="/xmlrpc.php", *, fault=None, status=200):
        """An XML-RPC pingback server at `path` that records each call."""

        def answer(request):
            (source, target), method = xmlrpc.client.loads(request["body"])
            self.pingbacks.append({"method": method, "source": source, "target": target})
            if fault:
                payload = xmlrpc.client.dumps(xmlrpc.client.Fault(*fault), methodresponse=True)
            else:
                payload = xmlrpc.client.dumps(("Pingback registered.",), methodresponse=True)
            return status, {"Content-Type": "text/xml"}, payload.encode()

        self.routes[path] = answer
        return self.url(path)

    def trackback_receiver(self, path, *, error=None):
        """A TrackBack endpoint at `path` that records each ping."""

        def answer(request):
            self.trackbacks.append(dict(parse_qsl(request["body"].decode("utf-8"))))
            inner = f"<error>1</error><message>{error}</message>" if error else "<error>0</error>"
            body = f'<?xml version="1.0" encoding="utf-8"?><response>{inner}</response>'
            return 200, {"Content-Type": "text/xml"}, body.encode()

        self.routes[path] = answer
        return self.url(path)

    def hanging(self, path):
        """A page that takes the request and never answers (until the test ends)."""

        def answer(request):
            self.release.wait(30)
            return 200, {"Content-Type": "text/html"}, b""

        self.routes[path] = answer
        return self.url(path)

    def huge(self, path, *, size, first=b""):
        """A page of `size` bytes, streamed; `self.streamed[path]` is how much went out."""
        done = threading.Event()

        def stream(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            sent = 0
            chunk = b"<p>" + b"filler " * 9360 + b"</p>\n"
            try:
                handler.wfile.write(first)
                sent += len(first)
                while sent < size:
                    piece = chunk[: size - sent]
                    handler.wfile.write(piece)
                    sent += len(piece)
            except OSError:
                pass
            finally:
                self.streamed[path] = sent
                done.set()

        self.streams[path] = stream
        return self.url(path), done

    def dripping(self, path, pieces, *, every):
        """A peer that writes its raw answer itself: each of `pieces`, `every` seconds apart.

        After the last piece it keeps the connection open and says nothing more, until the
        test ends. The event is set once the server's thread is free again, which it is as
        soon as a write fails because the client hung up.
        """
        free = threading.Event()

        def stream(handler):
            handler.close_connection = True
            try:
                for piece in pieces:
                    handler.wfile.write(piece)
                    if self.release.wait(every):
                        return
                self.release.wait(30)
            except OSError:
                pass
            finally:
                free.set()

        self.streams[path] = stream
        return self.url(path), free


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        request = {
            "method": self.command,
            "path": urlsplit(self.path).path,
            "query": urlsplit(self.path).query,
            "headers": dict(self.headers),
            "body": self.rfile.read(length) if length else b"",
        }
        blog = self.server.blog
        blog.requests.append(request)
        if stream := blog.streams.get(request["path"]):
            stream(self)
            return
        route = blog.routes.get(request["path"])
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"Not found"
        else:
            status, headers, body = route(request)
        self.send_response(status)
        for name, value in headers.items() if isinstance(headers, dict) else headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(OSError):
                self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _serve


@pytest.fixture
def other_blog():
    blog = OtherBlog()
    blog.thread.start()
    yield blog
    blog.release.set()
    blog.server.shutdown()
    blog.server.server_close()


@pytest.fixture
def private_addresses_allowed(settings):
    """The other blog is on 127.0.0.1, which the safe client refuses unless told otherwise."""
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def short_timeout(monkeypatch):
    """Fetches give up after half a second, so that the slow-server tests stay fast."""
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    return 0.5


@pytest.fixture
def silent_server():
    """An address that accepts connections (the kernel does) and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket connected to; only loopback is actually reached."""
    attempts = []
    connect = socket.socket.connect

    def loopback_only(sock, address):
        attempts.append(address)
        if address[0] not in ("127.0.0.1", "::1"):
            raise ConnectionRefusedError(f"the test forbids connecting to {address}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    return attempts
