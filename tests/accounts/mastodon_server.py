"""A small Mastodon instance on 127.0.0.1, so tests sign in through a real one.

It speaks the part of Mastodon's API that signing in uses, as an instance does:
POST /api/v1/apps registers a client and answers its id and secret; GET
/oauth/authorize shows a page the person approves (a form) for a known client,
a registered redirect URI, scopes the client registered and a PKCE challenge;
POST /oauth/token checks the client's id and secret, that the code is one it
issued and not used before, the redirect URI and the PKCE verifier; GET
/api/v1/accounts/verify_credentials answers the account of a token it issued.
The blog reaches it over HTTP through core.fetch, as it would mastodon.social.

A test makes an endpoint answer something else (`answers`: an error, a page of
HTML, JSON without the fields Mastodon sends), as a broken instance would.
"""

import html
import io
import json
import secrets
import time
from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from PIL import Image

from tests.accounts.local_server import LocalServer, QuietHandler, pkce_s256, single


@dataclass
class Account:
    """The person who signs in (fields of Mastodon's Account entity)."""

    id: str = "109876543210"
    username: str = "ada"
    acct: str = "ada"
    display_name: str = "Ada Lovelace"
    avatar: str = ""  # the instance's own /avatars/ada.png unless a test says otherwise
    url: str = "https://mastodon.example/@ada"


def avatar_png():
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "#6364ff").save(picture, "PNG")
    return picture.getvalue()


class LocalMastodon(LocalServer):
    def __init__(self, account=None):
        self.account = account or Account()
        self.apps = {}
        self.registrations = []
        self.authorize_requests = []
        self.token_requests = []
        self.codes = {}
        self.access_tokens = {}
        self.requests = []
        self.answers = {}
        super().__init__()

    @property
    def name(self):
        """The instance's name as a reader types it: host and port."""
        return self.host

    def approve(self, authorize_url):
        """What a person does in their browser: open the authorization page, press Authorize.

        Returns where the instance sends them back (the blog's callback with a code).
        """
        page = requests.get(authorize_url, timeout=5)
        assert page.status_code == 200, page.text
        assert "Authorize" in page.text
        answer = requests.post(
            f"{self.url}/oauth/authorize",
            data=single(parse_qs(urlsplit(authorize_url).query)),
            allow_redirects=False,
            timeout=5,
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def decline(self, authorize_url):
        """Press Deny instead: the instance sends the person back with an error."""
        query = single(parse_qs(urlsplit(authorize_url).query))
        back = {"error": "access_denied", "state": query["state"]}
        return f"{query['redirect_uri']}?{urlencode(back)}"

    # The endpoints.

    def register(self, form):
        self.registrations.append(form)
        if not form.get("client_name") or not form.get("redirect_uris"):
            return 422, {"error": "Validation failed"}
        client_id, secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.apps[client_id] = {
            "secret": secret,
            "redirect_uris": form["redirect_uris"].split(),
            "scopes": form.get("scopes", "read").split(),
        }
        return 200, {
            "id": str(len(self.apps)),
            "name": form["client_name"],
            "website": form.get("website"),
            "redirect_uri": form["redirect_uris"],
            "client_id": client_id,
            "client_secret": secret,
            "vapid_key": secrets.token_urlsafe(65),
        }

    def refusal(self, query):
        """Why the authorization page would not be shown, or None."""
        app = self.apps.get(query.get("client_id"))
        if app is None:
            return "unknown client"
        if query.get("redirect_uri") not in app["redirect_uris"]:
            return "redirect URI not registered"
        if query.get("response_type") != "code":
            return "unsupported response type"
        if not set(query.get("scope", "").split()) <= set(app["scopes"]):
            return "scope not registered"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return "PKCE required"
        return None

    def authorize_page(self, query):
        self.authorize_requests.append(query)
        if refusal := self.refusal(query):
            return 400, "text/plain", refusal.encode()
        fields = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        page = (
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Mastodon</title>"
            f"</head><body><p>Authorize the app to read your account, @{self.account.username}?"
            f'</p><form method="post" action="/oauth/authorize">{fields}'
            '<button type="submit">Authorize</button></form></body></html>'
        )
        return 200, "text/html; charset=utf-8", page.encode()

    def issue_code(self, form):
        code = secrets.token_urlsafe(24)
        self.codes[code] = {**form, "expires": time.time() + 60}
        return f"{form['redirect_uri']}?{urlencode({'code': code, 'state': form['state']})}"

    def token(self, form):
        self.token_requests.append(form)
        app = self.apps.get(form.get("client_id"))
        if app is None or form.get("client_secret") != app["secret"]:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code"), None)  # a code is good once
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["expires"] < time.time()
            or grant["client_id"] != form["client_id"]
            or grant["redirect_uri"] != form.get("redirect_uri")
            or pkce_s256(form.get("code_verifier", "")) != grant["code_challenge"]
        ):
            return 400, {"error": "invalid_grant"}
        access_token = secrets.token_urlsafe(32)
        self.access_tokens[access_token] = self.account
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "scope": grant["scope"],
            "created_at": int(time.time()),
        }

    def verify_credentials(self, authorization):
        account = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if account is None:
            return 401, {"error": "The access token is invalid"}
        avatar = account.avatar or f"{self.url}/avatars/{account.username}.png"
        return 200, {**asdict(account), "avatar": avatar, "locked": False, "bot": False}

    def _handler(self):
        instance = self

        class Handler(QuietHandler):
            def send(self, status, content_type, body):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def send_json(self, status, data):
                self.send(status, "application/json; charset=utf-8", json.dumps(data).encode())

            def form(self):
                length = int(self.headers.get("Content-Length") or 0)
                return single(parse_qs(self.rfile.read(length).decode(), keep_blank_values=True))

            def answer_instead(self, path):
                instance.requests.append((self.command, path))
                if path in instance.answers:
                    self.send(*instance.answers[path])
                    return True
                return False

            def do_GET(self):
                parts = urlsplit(self.path)
                if self.answer_instead(parts.path):
                    return
                if parts.path == "/oauth/authorize":
                    self.send(*instance.authorize_page(single(parse_qs(parts.query))))
                elif parts.path == "/api/v1/accounts/verify_credentials":
                    authorization = self.headers.get("Authorization", "")
                    self.send_json(*instance.verify_credentials(authorization))
                elif parts.path.startswith("/avatars/"):
                    self.send(200, "image/png", avatar_png())
                else:
                    self.send(404, "text/plain", b"not found")

            def do_POST(self):
                path = urlsplit(self.path).path
                if self.answer_instead(path):
                    return
                if path == "/api/v1/apps":
                    self.send_json(*instance.register(self.form()))
                elif path == "/oauth/authorize":
                    form = self.form()
                    if refusal := instance.refusal(form):
                        self.send(400, "text/plain", refusal.encode())
                        return
                    self.send_response(302)
                    self.send_header("Location", instance.issue_code(form))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/oauth/token":
                    self.send_json(*instance.token(self.form()))
                else:
                    self.send(404, "text/plain", b"not found")

        return Handler
