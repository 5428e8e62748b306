"""What the local identity servers of these tests share: a port on 127.0.0.1, a thread
that serves it, and the small pieces of OAuth every one of them checks."""

import base64
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def pkce_s256(verifier):
    """The S256 code challenge of a PKCE verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def single(form):
    """A parsed query or form with one value per name."""
    return {name: values[0] for name, values in form.items()}


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that keeps the test output clean."""

    def log_message(self, format, *args):
        pass


class LocalServer:
    """A server on a free loopback port; subclasses set their state, then call this
    `__init__`, and give the handler class from `_handler()`."""

    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def host(self):
        """Host and port, as a reader would type the server's name."""
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    @property
    def url(self):
        return f"http://{self.host}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
