"""Helpers for the Ghost, Blogger and feed import tests: run a command, read its summary."""

from io import StringIO

from django.core.management import call_command

from tests.accounts.local_server import LocalServer, QuietHandler


def run(command, path, *options):
    """`manage.py <command> path *options`; returns what it printed."""
    out = StringIO()
    call_command(command, str(path), *options, stdout=out)
    return out.getvalue()


class OldSite(LocalServer):
    """The old blog's host: serves `files` (path → (bytes, type)), records what was asked."""

    def __init__(self, files):
        self.files = files
        self.requests = []
        super().__init__()

    def _handler(self):
        host = self

        class Handler(QuietHandler):
            def do_GET(self):
                host.requests.append(self.path)
                if self.path not in host.files:
                    self.send_error(404)
                    return
                body, kind = host.files[self.path]
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
