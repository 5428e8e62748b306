"""The one way the blog fetches another site: verifying pingbacks, discovering and sending pings.

Anyone on the web can make the blog fetch a URL (a pingback names any
source), so every request made here keeps the same rules:

- http and https only, no user name or password in the URL;
- the host name is resolved here and every address it resolves to must be
  public: private, loopback, link-local, shared, reserved, multicast and
  unspecified addresses are refused before any connection is made, unless
  `settings.PINGS_ALLOW_PRIVATE_ADDRESSES` is on; the socket then connects to
  the address that was checked, so a second DNS answer cannot swap it;
- on public addresses only the web's usual ports (80, 443, 8080), as WordPress
  allows;
- at most MAX_REDIRECTS redirects, each new URL checked again;
- at most MAX_BYTES of body read, the rest left unread;
- TIMEOUT seconds for the whole exchange, however slowly the other side talks.
"""

import codecs
import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

TIMEOUT = 5.0
MAX_BYTES = 1024 * 1024
MAX_REDIRECTS = 3
PUBLIC_PORTS = {80, 443, 8080}
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)


class FetchError(Exception):
    """The page could not be had. Subclasses say why."""


class Refused(FetchError):
    """The URL or the address it resolves to is not allowed: nothing was sent."""


class Unreachable(FetchError):
    """The host does not resolve or accepts no connection."""


class Timeout(FetchError):
    """The other side did not answer in time."""


class UpstreamError(FetchError):
    """The connection broke or the answer was not HTTP."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: Message
    body: bytes
    truncated: bool

    @property
    def ok(self):
        return 200 <= self.status < 300

    def text(self):
        """The body as text, in the charset the headers or a <meta> declare (else UTF-8)."""
        charset = self.headers.get_content_charset()
        if not charset:
            found = META_CHARSET.search(self.body[:4096])
            charset = found.group(1).decode("ascii", "ignore") if found else "utf-8"
        try:
            codecs.lookup(charset)
            return self.body.decode(charset, errors="replace")
        except (LookupError, ValueError):
            return self.body.decode("utf-8", errors="replace")


def allows_private_addresses():
    return getattr(settings, "PINGS_ALLOW_PRIVATE_ADDRESSES", False)


def is_public_address(address):
    """True for an address anyone on the internet could reach, as a web server."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_url(url):
    """Refuse a URL this client must never request; return its parts."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise Refused(f"only http and https URLs are fetched, not “{parts.scheme or url}”")
    if not parts.hostname:
        raise Refused("the URL names no host")
    if parts.username or parts.password:
        raise Refused("URLs with a user name or password are not fetched")
    if port is not None and port not in PUBLIC_PORTS and not allows_private_addresses():
        raise Refused(f"port {port} is not a web port (80, 443 or 8080)")
    return parts


def resolve(host, port):
    """Every address of `host`, each checked; refuses the lot if any one is not public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Unreachable(f"{host} does not resolve") from exc
    if not allows_private_addresses():
        for *_, sockaddr in found:
            if not is_public_address(sockaddr[0]):
                raise Refused(f"{host} is at {sockaddr[0]}, a private or reserved address")
    return found


def _checked_connection(address, timeout=None, source_address=None, **kwargs):
    """socket.create_connection, but only to addresses `resolve` accepted."""
    host, port = address
    last_error = None
    for family, kind, proto, _, sockaddr in resolve(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except TimeoutError as exc:
            sock.close()
            raise Timeout(f"{host} did not answer in time") from exc
        except OSError as exc:
            sock.close()
            last_error = exc
    raise Unreachable(f"could not connect to {host}: {last_error}")


def fetch(url, *, method="GET", data=None, headers=None, max_bytes=None, timeout=None):
    """Request `url` under the rules above; returns a Response or raises FetchError.

    A response of any status is returned; only a failure to get one raises.
    """
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    deadline = time.monotonic() + (TIMEOUT if timeout is None else timeout)
    for _ in range(MAX_REDIRECTS + 1):
        response = _request_once(url, method, data, headers or {}, max_bytes, deadline)
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return response
        if method == "POST" and response.status not in (307, 308):
            return response
        url = urljoin(response.url, location.strip())
        if response.status == 303:
            method, data = "GET", None
    raise UpstreamError(f"more than {MAX_REDIRECTS} redirects")


def _request_once(url, method, data, headers, max_bytes, deadline):
    parts = check_url(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Timeout("no time left to follow the redirect")
    # An explicit port, so that http.client never reads one out of an IPv6 address.
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname,
            parts.port or 443,
            timeout=remaining,
            context=ssl.create_default_context(),
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=remaining)
    connection._create_connection = _checked_connection
    aborted = threading.Event()

    def abort():
        aborted.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    # Socket timeouts bound each read; this bounds them all together, so a
    # server that drips one byte at a time cannot hold a worker for long.
    watchdog = threading.Timer(remaining, abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
        connection.request(
            method,
            path,
            body=data,
            headers={"User-Agent": user_agent(), "Accept": "*/*", **headers},
        )
        answer = connection.getresponse()
        body, truncated = _read_body(answer, max_bytes, aborted)
        return Response(url, answer.status, answer.headers, body, truncated)
    except FetchError:
        raise
    except TimeoutError as exc:
        raise Timeout(f"{parts.hostname} did not answer in time") from exc
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if aborted.is_set():
            raise Timeout(f"{parts.hostname} did not answer in time") from exc
        raise UpstreamError(f"{parts.hostname} broke off: {exc.__class__.__name__}") from exc
    finally:
        watchdog.cancel()
        connection.close()


def _read_body(answer, max_bytes, aborted):
    chunks, size = [], 0
    while size <= max_bytes:
        chunk = answer.read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if aborted.is_set():
        raise Timeout("the answer took too long")
    body = b"".join(chunks)
    return body[:max_bytes], size > max_bytes


def user_agent():
    site = settings.SITE_URL.encode("ascii", "ignore").decode()
    return f"blogsite pings; {site}"
