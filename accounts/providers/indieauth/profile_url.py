"""The address a reader signs in with, in its one canonical form (IndieAuth §3.2, §3.4).

The address makes the blog fetch it and becomes the reader's identity, so it is
held to the spec's rules for a user profile URL before anything is sent: http or
https, a domain name (not an IP address, not localhost) on the scheme's usual
port, no user name or password, no fragment, no "." or ".." path segments. A bare
host ("example.com") is read as https://example.com/; the host is lower-cased and
an empty path becomes "/". The address the reader's server answers with is read
by the same rules, so the two compare as strings. Its length is bounded by what
allauth keeps as an account's uid.

With PINGS_ALLOW_PRIVATE_ADDRESSES on (tests with a local site, an intranet), IP
addresses, localhost and other ports are allowed too.
"""

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from allauth.socialaccount import app_settings

from core.fetch import allows_private_addresses

DEFAULT_PORTS = {"https": 443, "http": 80}
HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


class ProfileURLError(ValueError):
    """The text cannot be a profile URL; the message says why, for the reader."""


def canonical_profile_url(text):
    """`text` as a canonical profile URL, or ProfileURLError."""
    value = text.strip()
    if "://" not in value:
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ProfileURLError(not_an_address(text)) from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        raise ProfileURLError(not_an_address(text))
    if parts.fragment:
        raise ProfileURLError("Type your site's address without the “#” part.")
    if {".", ".."} & set(parts.path.split("/")):
        raise ProfileURLError(not_an_address(text))
    host = parts.hostname
    if port == DEFAULT_PORTS[parts.scheme]:
        port = None
    if not allows_private_addresses():
        host = public_host(host, port, text)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    url = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    if len(url) > app_settings.UID_MAX_LENGTH:
        raise ProfileURLError(
            f"That address is too long to sign in with (at most {app_settings.UID_MAX_LENGTH} "
            "characters)."
        )
    return url


def public_host(host, port, text):
    """`host` as a site on the web is named, or ProfileURLError."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ProfileURLError("Type your site's name, such as example.com, not an IP address.")
    if host == "localhost" or host.endswith(".localhost"):
        raise ProfileURLError("“localhost” is this computer, not your site on the web.")
    if port is not None:
        raise ProfileURLError(
            f"Your site's address must be on the web's usual port, without “:{port}”."
        )
    try:
        name = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise ProfileURLError(not_an_address(text)) from None
    labels = name.split(".")
    if len(labels) < 2 or not all(HOST_LABEL.fullmatch(label) for label in labels):
        raise ProfileURLError(not_an_address(text))
    return name


def not_an_address(text):
    return f"“{text.strip()}” is not the address of a website. Type one such as example.com."
