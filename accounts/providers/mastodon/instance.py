"""A Mastodon instance: the name a reader types, and what the blog asks of the instance.

The name makes the blog send requests, so it is held to what an instance on the web
looks like before anything is sent: a domain name, reached over https on its usual
port, with nothing after it. Readers often type their handle ("@ada@mastodon.social")
or paste the address ("https://mastodon.social/"); both are read as the instance's
name. An IP address, `localhost`, another port or a path is refused with the reason.
core.fetch would refuse private addresses anyway; refusing here says why in the
reader's terms, and sends nothing at all.

With PINGS_ALLOW_PRIVATE_ADDRESSES on (tests with a local instance, an intranet)
an instance may be any host and port, and is reached over http when written
`http://127.0.0.1:8000`.

Every request goes through core.fetch, the blog's one outgoing client. An instance
that cannot be reached, is slow, answers with an error or with something other than
Mastodon's JSON raises InstanceError, whose message is meant for the reader.
"""

import ipaddress
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from allauth.socialaccount import app_settings
from django.conf import settings

from core.fetch import FetchError, Refused, Timeout, Unreachable, allows_private_addresses, fetch
from core.site_url import site_url

from .models import MastodonApp

# Enough to know who signed in, and nothing else.
SCOPES = "read:accounts"
DEFAULT_PORTS = {"https": 443, "http": 80}
HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
USERNAME = re.compile(r"[\w.-]{1,64}")
# An account is kept as "username@instance", in what allauth allows for an account's uid.
MAX_NAME_LENGTH = app_settings.UID_MAX_LENGTH - len("@") - 64
# Why a request failed, for the reader: the first kind that matches.
FETCH_FAILURES = [
    (Timeout, "{name} did not answer in time. Please try again later."),
    (Unreachable, "{name} could not be reached. Is the name right?"),
    (Refused, "{name} cannot be reached from this blog."),
    (FetchError, "{name} broke off the connection. Please try again later."),
]


class InstanceNameError(ValueError):
    """What the reader typed cannot be an instance's name; the message says why."""


class InstanceError(Exception):
    """The instance could not be used to sign in; the message says why, for the reader."""


@dataclass(frozen=True)
class Instance:
    scheme: str
    # The host, with its port when it is not the scheme's usual one: "mastodon.social".
    name: str

    def url(self, path):
        return f"{self.scheme}://{self.name}{path}"


def parse_instance(text):
    """The instance `text` names, or InstanceNameError."""
    value = text.strip()
    if "://" not in value:
        if "/" not in value:
            # A handle, "@ada@mastodon.social", names its instance after the last "@".
            value = value.rpartition("@")[2]
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise InstanceNameError(not_a_name(text)) from None
    local = allows_private_addresses()
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise InstanceNameError(
            "Mastodon instances are reached over https: "
            "type just the name, such as mastodon.social."
        )
    if "@" in parts.netloc:
        raise InstanceNameError(not_a_name(text))
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InstanceNameError(
            "Type only the instance's name, such as mastodon.social, with nothing after it."
        )
    host = parts.hostname if local else public_host(parts.hostname or "", port, text)
    if not host:
        raise InstanceNameError(not_a_name(text))
    if port is not None and port != DEFAULT_PORTS[parts.scheme]:
        return Instance(parts.scheme, f"{bracketed(host)}:{port}")
    return Instance(parts.scheme, bracketed(host))


def public_host(host, port, text):
    """`host` as an instance on the web is named, or InstanceNameError."""
    if is_ip_address(host):
        raise InstanceNameError(
            "Type the instance's name, such as mastodon.social, not an IP address."
        )
    if host == "localhost" or host.endswith(".localhost"):
        raise InstanceNameError("“localhost” is this computer, not a Mastodon instance on the web.")
    if port not in (None, 443):
        raise InstanceNameError(
            "Mastodon instances answer on the web's usual port: type just the name, "
            f"such as mastodon.social, without “:{port}”."
        )
    return domain_name(host, text)


def domain_name(host, text):
    """`host` as a DNS name in ASCII, or InstanceNameError."""
    try:
        name = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise InstanceNameError(not_a_name(text)) from None
    labels = name.split(".")
    if len(labels) < 2 or not all(HOST_LABEL.fullmatch(label) for label in labels):
        raise InstanceNameError(not_a_name(text))
    if len(name) > MAX_NAME_LENGTH:
        raise InstanceNameError("That instance's name is too long to sign in with.")
    return name


def is_ip_address(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def bracketed(host):
    return f"[{host}]" if ":" in host else host


def not_a_name(text):
    return (
        f"“{text.strip()}” is not the name of a Mastodon instance. "
        "Type one such as mastodon.social."
    )


def registered_app(instance, redirect_uri):
    """The blog's app on `instance`, registered there the first time one of its people signs in."""
    app = MastodonApp.objects.filter(instance=instance.name, redirect_uri=redirect_uri).first()
    if app is not None:
        return app
    action = "register this blog as an app"
    answer = call(
        instance,
        "/api/v1/apps",
        action,
        data={
            "client_name": settings.BLOG_TITLE,
            "redirect_uris": redirect_uri,
            "scopes": SCOPES,
            "website": site_url(),
        },
    )
    credentials = [answer.get("client_id"), answer.get("client_secret")]
    if not all(isinstance(value, str) and value for value in credentials):
        raise InstanceError(nonsense(instance, action))
    # Two first sign-ins at once both register; the first registration kept wins.
    app, _ = MastodonApp.objects.get_or_create(
        instance=instance.name,
        redirect_uri=redirect_uri,
        defaults={"client_id": credentials[0], "client_secret": credentials[1]},
    )
    return app


def authorization_url(instance, app, *, state, code_challenge):
    """The instance's page where the person approves the sign-in (OAuth 2 with PKCE)."""
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scope": SCOPES,
        "state": state,
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    return f"{instance.url('/oauth/authorize')}?{urlencode(query)}"


def access_token(instance, app, *, code, code_verifier):
    """The access token the instance gives for the code it sent the reader back with."""
    action = "confirm the sign-in"
    answer = call(
        instance,
        "/oauth/token",
        action,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "redirect_uri": app.redirect_uri,
            "code_verifier": code_verifier,
            "scope": SCOPES,
        },
    )
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise InstanceError(nonsense(instance, action))
    return token


def signed_in_account(instance, token):
    """The account the token belongs to: the fields of Mastodon's Account the blog keeps."""
    action = "say whose account it is"
    answer = call(
        instance,
        "/api/v1/accounts/verify_credentials",
        action,
        headers={"Authorization": f"Bearer {token}"},
    )
    account = {
        field: answer.get(field, "")
        for field in ("id", "username", "acct", "display_name", "avatar", "url")
    }
    if not all(isinstance(value, str) for value in account.values()) or not (
        account["id"] and USERNAME.fullmatch(account["username"]) and account["url"]
    ):
        raise InstanceError(nonsense(instance, action))
    return {**account, "instance": instance.name}


def call(instance, path, action, *, data=None, headers=None):
    """The JSON object the instance answers at `path` (a form POST when there is `data`)."""
    request_headers = {"Accept": "application/json", **(headers or {})}
    if data is not None:
        request_headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        response = fetch(
            instance.url(path),
            method="GET" if data is None else "POST",
            data=None if data is None else urlencode(data).encode(),
            headers=request_headers,
        )
    except FetchError as error:
        why = next(message for kind, message in FETCH_FAILURES if isinstance(error, kind))
        raise InstanceError(why.format(name=instance.name)) from error
    if not response.ok:
        raise InstanceError(f"{instance.name} refused to {action} (it answered {response.status}).")
    try:
        answer = json.loads(response.body)
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or response.truncated:
        raise InstanceError(nonsense(instance, action))
    return answer


def nonsense(instance, action):
    return f"{instance.name} did not answer as a Mastodon instance does when asked to {action}."
