"""The one way the blog fetches another site: verifying pingbacks, discovering and sending pings.

Anyone on the web can make the blog fetch a URL (a pingback names any
source), so every request made here keeps the same rules:

- http and https only, no user name or password in the URL;
- the host name is resolved here and every address it resolves to must be
  public: private, loopback, link-local, site-local, shared, reserved,
  multicast and unspecified addresses are refused before any connection is
  made, and so is an IPv6 address that leads to such an IPv4 address
  (IPv4-mapped, NAT64, 6to4, Teredo), unless
  `settings.PINGS_ALLOW_PRIVATE_ADDRESSES` is on;
- on public addresses only the web's usual ports (80, 443, 8080), as WordPress
  allows;
- at most MAX_REDIRECTS redirects, each new URL checked again;
- at most MAX_BYTES of body read, the rest left unread;
- TIMEOUT seconds for the whole exchange (name lookup, connection, TLS,
  headers, body), however slowly the other side talks.

httpx builds the request and parses the answer; below it, httpcore reaches the
network only through `_GuardedBackend`, the one place that opens connections.
That backend resolves the name, checks every address and connects to the
checked one, so a second DNS answer cannot swap it, and TLS still verifies the
certificate against the name in the URL. It also hands every blocking step
(connecting, the TLS handshake, each read and write) its own timeout cut to the
time left before the deadline: a peer that drips one byte at a time, in its
headers or in a body that runs to the close of the connection, meets the
deadline at the next read, and no single read can wait past it. The name
lookup cannot be interrupted, so it runs in a thread of its own that is left
behind when the deadline passes. Proxy settings in the environment are
ignored: a proxy would make the connection for us, out of reach of the checks.
"""

import codecs
import ipaddress
import queue
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin

import httpcore
import httpx
from django.conf import settings

TIMEOUT = 5.0
MAX_BYTES = 1024 * 1024
MAX_REDIRECTS = 3
PUBLIC_PORTS = {80, 443, 8080}
REDIRECTS = {301, 302, 303, 307, 308}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
WELL_KNOWN_NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOCAL_USE_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


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
    if ip.version == 4:
        return _is_public(ip)
    if ip in LOCAL_USE_NAT64:
        # A network's own translator, with the IPv4 address wherever its prefix puts it.
        return False
    if ip.ipv4_mapped or ip in WELL_KNOWN_NAT64:
        # Another way of writing an IPv4 address: that address is the one reached.
        return _is_public(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
    tunnelled_to = [ip.sixtofour, *(ip.teredo or ())]
    return (
        _is_public(ip)
        and not ip.is_site_local
        and all(_is_public(ipv4) for ipv4 in tunnelled_to if ipv4 is not None)
    )


def _is_public(ip):
    """What the address's own range says, before looking at any address inside it."""
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_url(url):
    """Refuse a URL this client must never request; return it parsed, as it will be sent."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise Refused(f"not a valid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https"):
        raise Refused(f"only http and https URLs are fetched, not “{parsed.scheme or url}”")
    if not parsed.host:
        raise Refused("the URL names no host")
    if parsed.userinfo:
        raise Refused("URLs with a user name or password are not fetched")
    if parsed.port is not None:
        check_port(parsed.port)
    return parsed


def check_port(port):
    """Refuse a port the web does not use, unless private addresses are allowed too."""
    if port not in PUBLIC_PORTS and not allows_private_addresses():
        raise Refused(f"port {port} is not a web port (80, 443 or 8080)")


def check_reachable(url, *, timeout=2.0):
    """Refuse at once a URL that `fetch` would refuse before sending anything (its scheme,
    user info, port, a host that is private or does not resolve), so that a request naming
    it can be answered without waiting for a background task to find out."""
    parsed = check_url(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    check_port(port)
    resolve(parsed.host, port, timeout=timeout)


def resolve(host, port, *, timeout=None):
    """Every address of `host`, each checked; refuses the lot if any one is not public."""
    found = _look_up(host, port, timeout)
    if not allows_private_addresses():
        for *_, sockaddr in found:
            if not is_public_address(sockaddr[0]):
                raise Refused(f"{host} is at {sockaddr[0]}, a private or reserved address")
    return found


def _look_up(host, port, timeout):
    """getaddrinfo, given up after `timeout` seconds: a slow name server holds only its thread."""
    answers = queue.SimpleQueue()

    def look_up():
        try:
            answers.put(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except Exception as exc:
            answers.put(exc)

    threading.Thread(target=look_up, name=f"resolve {host}", daemon=True).start()
    try:
        answer = answers.get(timeout=timeout)
    except queue.Empty:
        raise Timeout(f"{host} did not resolve in time") from None
    if isinstance(answer, Exception):
        raise Unreachable(f"{host} does not resolve") from answer
    return answer


class _Deadline:
    """The moment a whole fetch must be over by, redirects included."""

    def __init__(self, seconds):
        self.at = time.monotonic() + seconds

    def left(self, limit=None):
        """How long the next blocking step may take: its own limit, cut to the time left."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise Timeout("the exchange did not finish in time")
        return remaining if limit is None else min(limit, remaining)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connections only to checked addresses, each step bounded by the deadline."""

    def __init__(self, deadline):
        self.deadline = deadline
        self.sockets = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        check_port(port)
        last_error = None
        for *_, sockaddr in resolve(host, port, timeout=self.deadline.left(timeout)):
            try:
                stream = self.sockets.connect_tcp(
                    sockaddr[0],
                    port,
                    timeout=self.deadline.left(timeout),
                    socket_options=socket_options,
                )
            except httpcore.ConnectTimeout as exc:
                raise Timeout(f"{host} did not answer in time") from exc
            except httpcore.ConnectError as exc:
                last_error = exc
            else:
                return _DeadlineStream(stream, self.deadline)
        raise Unreachable(f"could not connect to {host}: {last_error}")


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and handshake ends by the deadline."""

    def __init__(self, stream, deadline):
        self.stream = stream
        self.deadline = deadline

    def read(self, max_bytes, timeout=None):
        return self.stream.read(max_bytes, self.deadline.left(timeout))

    def write(self, buffer, timeout=None):
        self.stream.write(buffer, self.deadline.left(timeout))

    def close(self):
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        try:
            secure = self.stream.start_tls(
                ssl_context, server_hostname, self.deadline.left(timeout)
            )
        except httpcore.ConnectError as exc:
            raise UpstreamError(f"{server_hostname} failed the TLS handshake: {exc}") from exc
        return _DeadlineStream(secure, self.deadline)

    def get_extra_info(self, info):
        return self.stream.get_extra_info(info)


class _GuardedTransport(httpx.BaseTransport):
    """httpx over an httpcore pool that reaches the network only through _GuardedBackend."""

    def __init__(self, deadline, ssl_context):
        self.pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=_GuardedBackend(deadline)
        )

    def handle_request(self, request):
        answer = self.pool.handle_request(
            httpcore.Request(
                method=request.method,
                url=httpcore.URL(
                    scheme=request.url.raw_scheme,
                    host=request.url.raw_host,
                    port=request.url.port,
                    target=request.url.raw_path,
                ),
                headers=request.headers.raw,
                content=request.stream,
                extensions=request.extensions,
            )
        )
        return httpx.Response(
            answer.status,
            headers=answer.headers,
            stream=_Body(answer.stream),
            extensions=answer.extensions,
        )

    def close(self):
        self.pool.close()


class _Body(httpx.SyncByteStream):
    """httpcore's body, chunk by chunk as it arrives, in the shape httpx reads."""

    def __init__(self, chunks):
        self.chunks = chunks

    def __iter__(self):
        yield from self.chunks

    def close(self):
        self.chunks.close()


def fetch(url, *, method="GET", data=None, headers=None, max_bytes=None, timeout=None):
    """Request `url` under the rules above; returns a Response or raises FetchError.

    A response of any status is returned; only a failure to get one raises.
    """
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    deadline = _Deadline(TIMEOUT if timeout is None else timeout)
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
    parsed = check_url(url)
    ssl_context = ssl.create_default_context() if parsed.scheme == "https" else None
    client = httpx.Client(
        transport=_GuardedTransport(deadline, ssl_context),
        timeout=deadline.left(),
        trust_env=False,
        headers={"User-Agent": user_agent(), "Accept-Encoding": "identity"},
    )
    try:
        with client, client.stream(method, parsed, content=data, headers=headers) as answer:
            body, truncated = _read_body(answer, max_bytes)
    except httpcore.TimeoutException as exc:
        raise Timeout(f"{parsed.host} did not answer in time") from exc
    except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
        raise UpstreamError(f"{parsed.host} broke off: {exc.__class__.__name__}") from exc
    return Response(url, answer.status_code, _message(answer.headers), body, truncated)


def _read_body(answer, max_bytes):
    chunks, size = [], 0
    for chunk in answer.iter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            break
    body = b"".join(chunks)
    return body[:max_bytes], size > max_bytes


def _message(headers):
    message = Message()
    for name, value in headers.multi_items():
        message[name] = value
    return message


def user_agent():
    site = settings.SITE_URL.encode("ascii", "ignore").decode()
    return f"blogsite pings; {site}"
