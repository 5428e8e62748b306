"""A small OpenID Connect provider on 127.0.0.1, so tests sign in through a real one.

It speaks the authorization code flow as an identity provider on the web does:
a discovery document, an authorize page the person approves (a form), a token
endpoint that checks the client's secret, the code, the redirect URI and the
PKCE verifier and answers with an id_token signed RS256 by a key it publishes
at its JWKS endpoint, and a userinfo endpoint for the access token it issued.
The blog reaches it over HTTP through django-allauth's own views, configured
as an `openid_connect` social application from the database, as an admin would.
"""

import base64
import html
import json
import secrets
import time
from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from allauth.socialaccount.models import SocialApp
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sites.models import Site

from tests.accounts.local_server import LocalServer, QuietHandler, pkce_s256

CLIENT_ID = "blogsite-test-client"
CLIENT_SECRET = "local-provider-secret-for-tests"
PROVIDER_ID = "localid"
PROVIDER_NAME = "Local ID"
KEY_ID = "local-test-key"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"


@dataclass
class Identity:
    """The person who signs in at the provider (OIDC standard claims)."""

    sub: str = "local-user-42"
    email: str = "ada@local-id.example"
    email_verified: bool = True
    name: str = "Ada Lovelace"
    given_name: str = "Ada"
    family_name: str = "Lovelace"
    preferred_username: str = "ada"


def registered(redirect_uri):
    """The blog registered its allauth callback with the provider, on any test host."""
    return urlsplit(redirect_uri).path == CALLBACK_PATH


class LocalOIDCProvider(LocalServer):
    def __init__(self, identity=None):
        self.identity = identity or Identity()
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes = {}
        self.access_tokens = {}
        self.token_requests = []
        super().__init__()

    def social_app(self, **fields):
        """The provider as an admin would add it: a social application on this site."""
        app = SocialApp.objects.create(
            provider="openid_connect",
            provider_id=PROVIDER_ID,
            name=PROVIDER_NAME,
            client_id=CLIENT_ID,
            secret=CLIENT_SECRET,
            settings={"server_url": self.url},
            **fields,
        )
        app.sites.add(Site.objects.get_current())
        return app

    def approve(self, authorize_url):
        """What a person does in their browser: open the authorize page, press Allow.

        Returns where the provider sends them back (the blog's callback with a code).
        """
        page = requests.get(authorize_url, timeout=5)
        page.raise_for_status()
        assert "Allow" in page.text
        params = dict(parse_qs(urlsplit(authorize_url).query, keep_blank_values=True))
        answer = requests.post(
            f"{self.url}/authorize",
            data={name: values[0] for name, values in params.items()},
            allow_redirects=False,
            timeout=5,
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    # The endpoints.

    def discovery(self):
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def authorize_page(self, query):
        """The consent page; refuses an unknown client or a missing redirect URI."""
        if query.get("client_id") != CLIENT_ID or not registered(query.get("redirect_uri", "")):
            return 400, "text/plain", b"unknown client or redirect URI"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, "text/plain", b"unsupported request"
        fields = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        page = (
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Local ID</title>"
            "</head><body><h1>Local ID</h1>"
            f"<p>Sign in to blogsite as {html.escape(self.identity.name)}?</p>"
            f'<form method="post" action="/authorize">{fields}'
            '<button type="submit" id="allow">Allow</button></form></body></html>'
        )
        return 200, "text/html; charset=utf-8", page.encode()

    def issue_code(self, form):
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "client_id": form.get("client_id"),
            "redirect_uri": form.get("redirect_uri"),
            "code_challenge": form.get("code_challenge"),
            "code_challenge_method": form.get("code_challenge_method"),
            "nonce": form.get("nonce"),
            "expires": time.time() + 60,
        }
        query = {"code": code}
        if "state" in form:
            query["state"] = form["state"]
        separator = "&" if "?" in form["redirect_uri"] else "?"
        return f"{form['redirect_uri']}{separator}{urlencode(query)}"

    def token(self, form, authorization):
        self.token_requests.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        if client_id != CLIENT_ID or secret != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["expires"] < time.time()
            or grant["client_id"] != client_id
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        if grant["code_challenge"] and (
            grant["code_challenge_method"] != "S256"
            or pkce_s256(form.get("code_verifier", "")) != grant["code_challenge"]
        ):
            return 400, {"error": "invalid_grant", "error_description": "PKCE check failed"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = self.identity
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": self.identity.sub,
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "email": self.identity.email,
            "email_verified": self.identity.email_verified,
            "name": self.identity.name,
        }
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "id_token": id_token,
        }

    def userinfo(self, authorization):
        identity = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if identity is None:
            return 401, {"error": "invalid_token"}
        return 200, asdict(identity)

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

            def send_json(self, status, data):
                self.send(status, "application/json", json.dumps(data).encode())

            def form(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self.send_json(200, provider.discovery())
                elif parts.path == "/jwks":
                    self.send_json(200, provider.jwks())
                elif parts.path == "/authorize":
                    self.send(*provider.authorize_page(query))
                elif parts.path == "/userinfo":
                    self.send_json(*provider.userinfo(self.headers.get("Authorization", "")))
                else:
                    self.send(404, "text/plain", b"not found")

            def do_POST(self):
                path = urlsplit(self.path).path
                if path == "/authorize":
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
                elif path == "/token":
                    status, data = provider.token(
                        self.form(), self.headers.get("Authorization", "")
                    )
                    self.send_json(status, data)
                else:
                    self.send(404, "text/plain", b"not found")

        return Handler
