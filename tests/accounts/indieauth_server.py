"""A personal website on 127.0.0.1 with its own IndieAuth server, so tests sign in through one.

The home page names its server in one of the ways IndieAuth allows (`discovery`):
an `indieauth-metadata` link in the HTTP Link header ("metadata-header") or in a
<link> element ("metadata-link"), whose JSON names the endpoints; or, the older
way, <link rel="authorization_endpoint"> and <link rel="token_endpoint">
("legacy"); or not at all ("none").

The authorization endpoint shows a page the person approves (a form) for a
request with a client id, a redirect URI, a state and an S256 PKCE challenge,
and sends them back with a code, the state and its issuer. Redeeming the code
there (a POST with grant_type) checks that the code is one it issued and not used
before, the client id, the redirect URI and the PKCE verifier, and answers the
profile URL (`me`) with the name and photo. The token endpoint redeems the same
way for an access token, and only for codes granted with a scope. The blog
reaches the site over HTTP through core.fetch, as it would any site on the web.

A test changes what the server answers for (`me`), adds to the home page's
<head> (`head`), serves other pages on the same host (`pages`), or makes any
path answer something else (`answers`).
"""

import html
import io
import json
import secrets
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from PIL import Image

from tests.accounts.local_server import LocalServer, QuietHandler, pkce_s256, single

METADATA_PATH = "/.well-known/oauth-authorization-server"


def photo_png():
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "#1f7a5c").save(picture, "PNG")
    return picture.getvalue()


def home_page(head=""):
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Grace Hopper</title>"
        f"{head}</head><body><div class=h-card><a class='u-url p-name' href=/>Grace Hopper</a>"
        "</div></body></html>"
    )


class LocalIndieAuthSite(LocalServer):
    def __init__(self, discovery="metadata-header"):
        self.discovery = discovery
        self.me = None
        self.issuer = None
        self.head = ""
        self.pages = {}
        self.answers = {}
        self.requests = []
        self.authorization_requests = []
        self.redemptions = []
        self.token_requests = []
        self.codes = {}
        super().__init__()
        self.profile = {"name": "Grace Hopper", "photo": f"{self.url}/photo.png"}

    def approve(self, authorize_url):
        """What a person does in their browser: open the authorization page, press Allow.

        Returns where the server sends them back (the blog's callback with a code).
        """
        page = requests.get(authorize_url, timeout=5)
        assert page.status_code == 200, page.text
        assert "Allow" in page.text
        answer = requests.post(
            f"{self.url}/auth",
            data=single(parse_qs(urlsplit(authorize_url).query)),
            allow_redirects=False,
            timeout=5,
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    # What the site serves.

    def legacy_links(self):
        return (
            f'<link rel="authorization_endpoint" href="{self.url}/auth">'
            '<link rel="token_endpoint" href="/token">'
        )

    def home(self):
        """Status, headers and body of the home page."""
        head, headers = self.head, {}
        if self.discovery == "metadata-header":
            headers["Link"] = f'<{self.url}{METADATA_PATH}>; rel="indieauth-metadata"'
        elif self.discovery == "metadata-link":
            head += f'<link rel="indieauth-metadata" href="{METADATA_PATH}">'
        elif self.discovery == "legacy":
            head += self.legacy_links()
        return 200, headers, home_page(head)

    def metadata(self):
        return {
            "issuer": self.issuer or f"{self.url}/",
            "authorization_endpoint": f"{self.url}/auth",
            "token_endpoint": f"{self.url}/token",
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["profile", "create"],
        }

    def refusal(self, query):
        """Why the authorization page would not be shown, or None."""
        if query.get("response_type") != "code":
            return "unsupported response type"
        for parameter in ("client_id", "redirect_uri", "state", "code_challenge"):
            if not query.get(parameter):
                return f"{parameter} missing"
        if query.get("code_challenge_method") != "S256":
            return "PKCE with S256 required"
        return None

    def authorization_page(self, query):
        self.authorization_requests.append(query)
        if refusal := self.refusal(query):
            return 400, "text/plain", refusal.encode()
        fields = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        page = (
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Sign in</title>"
            f"</head><body><p>Sign in to {html.escape(query['client_id'])} as {self.url}/?</p>"
            f'<form method="post" action="/auth">{fields}'
            '<button type="submit">Allow</button></form></body></html>'
        )
        return 200, "text/html; charset=utf-8", page.encode()

    def issue_code(self, form):
        code = secrets.token_urlsafe(24)
        self.codes[code] = {**form, "expires": time.time() + 60}
        back = {"code": code, "state": form["state"], "iss": self.issuer or f"{self.url}/"}
        return f"{form['redirect_uri']}?{urlencode(back)}"

    def grant(self, form):
        """The code's grant, once: if the code, client, redirect URI and verifier all agree."""
        grant = self.codes.pop(form.get("code"), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["expires"] < time.time()
            or grant["client_id"] != form.get("client_id")
            or grant["redirect_uri"] != form.get("redirect_uri")
            or pkce_s256(form.get("code_verifier", "")) != grant["code_challenge"]
        ):
            return None
        return grant

    def profile_answer(self, grant):
        answer = {"me": self.me or f"{self.url}/"}
        if "profile" in grant.get("scope", "").split():
            answer["profile"] = {**self.profile, "url": answer["me"]}
        return answer

    def redeem(self, form):
        self.redemptions.append(form)
        grant = self.grant(form)
        if grant is None:
            return 400, {"error": "invalid_grant"}
        return 200, self.profile_answer(grant)

    def token(self, form):
        self.token_requests.append(form)
        grant = self.grant(form)
        if grant is None or not grant.get("scope"):
            return 400, {"error": "invalid_grant"}
        token = {"access_token": secrets.token_urlsafe(32), "token_type": "Bearer"}
        return 200, {**token, "scope": grant["scope"], **self.profile_answer(grant)}

    def _handler(self):
        site = self

        class Handler(QuietHandler):
            def send(self, status, content_type, body, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def send_json(self, status, data):
                self.send(status, "application/json", json.dumps(data).encode())

            def form(self):
                length = int(self.headers.get("Content-Length") or 0)
                return single(parse_qs(self.rfile.read(length).decode(), keep_blank_values=True))

            def answer_instead(self, path):
                site.requests.append((self.command, path))
                if path in site.answers:
                    self.send(*site.answers[path])
                    return True
                return False

            def do_GET(self):
                parts = urlsplit(self.path)
                if self.answer_instead(parts.path):
                    return
                if parts.path == "/":
                    status, headers, page = site.home()
                    self.send(status, "text/html; charset=utf-8", page.encode(), headers)
                elif parts.path in site.pages:
                    self.send(200, "text/html; charset=utf-8", site.pages[parts.path].encode())
                elif parts.path == METADATA_PATH:
                    self.send_json(200, site.metadata())
                elif parts.path == "/auth":
                    self.send(*site.authorization_page(single(parse_qs(parts.query))))
                elif parts.path == "/photo.png":
                    self.send(200, "image/png", photo_png())
                else:
                    self.send(404, "text/plain", b"not found")

            def do_POST(self):
                path = urlsplit(self.path).path
                if self.answer_instead(path):
                    return
                form = self.form()
                if path == "/auth" and "grant_type" in form:
                    self.send_json(*site.redeem(form))
                elif path == "/auth":
                    if refusal := site.refusal(form):
                        self.send(400, "text/plain", refusal.encode())
                        return
                    self.send_response(302)
                    self.send_header("Location", site.issue_code(form))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/token":
                    self.send_json(*site.token(form))
                else:
                    self.send(404, "text/plain", b"not found")

        return Handler
