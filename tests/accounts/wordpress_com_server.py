"""A small WordPress.com on 127.0.0.1, so tests sign in through a real OAuth 2 exchange.

It answers where WordPress.com does, under one base URL: /oauth2/authorize (a
page the person approves, a form), /oauth2/token (checks the client's id and
secret, the code, the redirect URI; each code works once), /rest/v1.1/me (the
profile, for the access token it issued) and the profile's picture. The blog
reaches it through django-allauth's own views and HTTP calls, with
SOCIALACCOUNT_PROVIDERS["wordpress"]["API_URL"] pointing here.
"""

import html
import io
import json
import secrets
import time
from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from PIL import Image, ImageDraw

from tests.accounts.local_server import LocalServer, QuietHandler

CLIENT_ID = "48213"
CLIENT_SECRET = "local-wordpress-com-secret-for-tests"
CALLBACK_PATH = "/accounts/wordpress/login/callback/"
AVATAR_PATH = "/avatar/ada.png"


@dataclass
class Profile:
    """The person who signs in, as WordPress.com's /rest/v1.1/me describes them."""

    ID: int = 7431
    display_name: str = "Ada Lovelace"
    username: str = "adalovelace"
    email: str = "ada@wordpress-com.example"
    email_verified: bool = True
    avatar_URL: str = ""  # the server's own picture unless a test names another
    profile_URL: str = "https://gravatar.com/adalovelace"


def portrait(size=200):
    """A picture as a provider would serve one: a PNG, larger than a page shows it."""
    image = Image.new("RGB", (size, size), "#21759b")
    ImageDraw.Draw(image).ellipse((size // 4, size // 4, 3 * size // 4, 3 * size // 4), "#f0c674")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def registered(redirect_uri):
    """The blog registered its allauth callback with WordPress.com, on any test host."""
    return urlsplit(redirect_uri).path == CALLBACK_PATH


class LocalWordPressCom(LocalServer):
    def __init__(self, profile=None):
        self.profile = profile or Profile()
        self.codes = {}
        self.access_tokens = {}
        self.token_requests = []
        self.avatar = portrait()
        self.avatar_requests = 0
        # What /rest/v1.1/me answers: "profile", "error" (a 500) or "html" (a page, not JSON).
        self.me_answers = "profile"
        super().__init__()

    def provider_settings(self, *, with_app=True):
        """SOCIALACCOUNT_PROVIDERS["wordpress"] for a blog that signs in here."""
        configured = {"API_URL": self.url}
        if with_app:
            configured["APPS"] = [{"client_id": CLIENT_ID, "secret": CLIENT_SECRET}]
        return configured

    def me(self):
        profile = asdict(self.profile)
        profile["avatar_URL"] = profile["avatar_URL"] or f"{self.url}{AVATAR_PATH}"
        return profile

    def approve(self, authorize_url):
        """What a person does in their browser: open the authorize page, press Approve.

        Returns where WordPress.com sends them back (the blog's callback with a code).
        """
        page = requests.get(authorize_url, timeout=5)
        page.raise_for_status()
        assert "Approve" in page.text
        params = parse_qs(urlsplit(authorize_url).query, keep_blank_values=True)
        answer = requests.post(
            f"{self.url}/oauth2/authorize",
            data={name: values[0] for name, values in params.items()},
            allow_redirects=False,
            timeout=5,
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def exchange(self, code, redirect_uri):
        """Trade a code for a token as the blog does: what someone who got hold of it would do."""
        return requests.post(
            f"{self.url}/oauth2/token",
            data={
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "code": code,
                "redirect_uri": redirect_uri,
                "grant_type": "authorization_code",
            },
            timeout=5,
        )

    # The endpoints.

    def authorize_page(self, query):
        """The consent page; refuses an unknown client, redirect URI or scope."""
        if query.get("client_id") != CLIENT_ID or not registered(query.get("redirect_uri", "")):
            return 400, "text/plain", b"unknown client or redirect URI"
        if query.get("response_type") != "code" or "auth" not in query.get("scope", "").split():
            return 400, "text/plain", b"unsupported request"
        fields = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        page = (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            "<title>WordPress.com</title></head><body><h1>WordPress.com</h1>"
            f"<p>blogsite would like to connect to your account, "
            f"{html.escape(self.profile.display_name)}.</p>"
            f'<form method="post" action="/oauth2/authorize">{fields}'
            '<button type="submit" id="approve">Approve</button></form></body></html>'
        )
        return 200, "text/html; charset=utf-8", page.encode()

    def issue_code(self, form):
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "client_id": form.get("client_id"),
            "redirect_uri": form.get("redirect_uri"),
            "expires": time.time() + 60,
        }
        query = {"code": code}
        if "state" in form:
            query["state"] = form["state"]
        return f"{form['redirect_uri']}?{urlencode(query)}"

    def token(self, form):
        self.token_requests.append(form)
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 400, {"error": "invalid_client", "error_description": "Unknown client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["expires"] < time.time()
            or grant["client_id"] != form["client_id"]
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant", "error_description": "Invalid code"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = self.profile
        return 200, {
            "access_token": access_token,
            "token_type": "bearer",
            "blog_id": "0",
            "blog_url": None,
            "scope": "auth",
        }

    def me_response(self, authorization):
        if authorization.removeprefix("Bearer ") not in self.access_tokens:
            return 403, "application/json", b'{"error":"authorization_required"}'
        if self.me_answers == "error":
            return 500, "application/json", b'{"error":"internal_error"}'
        if self.me_answers == "html":
            return 200, "text/html; charset=utf-8", b"<!doctype html><title>Oops</title>"
        return 200, "application/json", json.dumps(self.me()).encode()

    def _handler(self):
        provider = self

        class Handler(QuietHandler):
            def send(self, status, content_type, body):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def form(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                if parts.path == "/oauth2/authorize":
                    self.send(*provider.authorize_page(query))
                elif parts.path == "/rest/v1.1/me":
                    self.send(*provider.me_response(self.headers.get("Authorization", "")))
                elif parts.path == AVATAR_PATH:
                    provider.avatar_requests += 1
                    self.send(200, "image/png", provider.avatar)
                else:
                    self.send(404, "text/plain", b"not found")

            def do_POST(self):
                path = urlsplit(self.path).path
                if path == "/oauth2/authorize":
                    form = self.form()
                    if form.get("client_id") != CLIENT_ID or not registered(
                        form.get("redirect_uri", "")
                    ):
                        self.send(400, "text/plain", b"unknown client")
                        return
                    self.send_response(302)
                    self.send_header("Location", provider.issue_code(form))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/oauth2/token":
                    status, data = provider.token(self.form())
                    self.send(status, "application/json", json.dumps(data).encode())
                else:
                    self.send(404, "text/plain", b"not found")

        return Handler
