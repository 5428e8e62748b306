"""The reader's IndieAuth server: found from their site, asked who signed in.

Discovery (IndieAuth §4.1). The blog fetches the profile URL and looks for its
`indieauth-metadata` link, in the HTTP Link header first, then among the page's
<link> elements; the metadata (JSON) names the authorization endpoint and the
server's issuer identifier. A site without metadata may name its
`authorization_endpoint` the older way, by the same two kinds of link.

Redeeming the code (§5.3). Signing in needs no access token, only who signed in,
so the code goes back to the authorization endpoint, as the spec has a client do
that "only needs to know the user who logged in"; the token endpoint is not
needed. The request carries the PKCE verifier; the answer names the reader's
profile URL (`me`) and, for the `profile` scope asked for, their name and photo.

Believing the answer (§5.4). The returned `me` must be on the host of the address
the reader typed, and when it is not that address exactly, it must itself name
the authorization endpoint that answered.

Every request goes through core.fetch. A site or server that cannot be reached,
is slow, or answers with an error or with something else than IndieAuth asks for
raises ServerError, whose message is meant for the reader.
"""

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from core.fetch import FetchError, Refused, Timeout, Unreachable, allows_private_addresses, fetch
from core.site_url import site_url

from .profile_url import ProfileURLError, canonical_profile_url

# Name and photo with the answer, nothing more.
SCOPE = "profile"
LINK_VALUE = re.compile(r"<([^>]*)>([^,]*)")
REL_PARAMETER = re.compile(r';\s*rel\s*=\s*(?:"([^"]*)"|([^\s;"]+))', re.IGNORECASE)
# Why a request failed, for the reader: the first kind that matches.
FETCH_FAILURES = [
    (Timeout, "{host} did not answer in time. Please try again later."),
    (Unreachable, "{host} could not be reached. Is the address right?"),
    (Refused, "{host} cannot be reached from this blog."),
    (FetchError, "{host} broke off the connection. Please try again later."),
]


class ServerError(Exception):
    """The site or its server could not sign the reader in; the message says why."""


def client_id():
    """The blog, as IndieAuth names a client: its home page (§3.3)."""
    return f"{site_url()}/"


@dataclass(frozen=True)
class AuthorizationServer:
    authorization_endpoint: str
    # From the metadata; a server found the older way has none to check.
    issuer: str = ""

    def authorization_url(self, *, me, redirect_uri, state, code_challenge):
        """The server's page where the person approves signing in to the blog."""
        return with_query(
            self.authorization_endpoint,
            {
                "response_type": "code",
                "client_id": client_id(),
                "redirect_uri": redirect_uri,
                "state": state,
                "code_challenge": code_challenge,
                "code_challenge_method": "S256",
                "scope": SCOPE,
                "me": me,
            },
        )

    def redeem(self, *, code, redirect_uri, code_verifier):
        """The server's answer for the code: `me`, and `profile` when it has one."""
        answer = request_json(
            self.authorization_endpoint,
            "confirm the sign-in",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": client_id(),
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
        )
        if not isinstance(answer.get("me"), str):
            raise ServerError(nonsense(self.authorization_endpoint, "confirm the sign-in"))
        profile = answer.get("profile")
        return {"me": answer["me"], "profile": profile if isinstance(profile, dict) else {}}


def discover(profile_url):
    """The authorization server `profile_url` names, or ServerError."""
    page = request(profile_url, "show your site")
    metadata_url = first_link(page, "indieauth-metadata")
    if metadata_url is not None:
        metadata = request_json(metadata_url, "describe its IndieAuth server")
        endpoint, issuer = metadata.get("authorization_endpoint"), metadata.get("issuer")
        if not isinstance(endpoint, str):
            raise ServerError(nonsense(metadata_url, "describe its IndieAuth server"))
        return AuthorizationServer(
            endpoint_url(urljoin(metadata_url, endpoint)), issuer if isinstance(issuer, str) else ""
        )
    endpoint = first_link(page, "authorization_endpoint")
    if endpoint is None:
        raise ServerError(
            f"{host_of(profile_url)} names no IndieAuth server, so it cannot sign you in here. "
            'Its home page needs a link with rel="indieauth-metadata" or '
            'rel="authorization_endpoint".'
        )
    return AuthorizationServer(endpoint_url(endpoint))


def confirmed_profile_url(answered, *, entered, server):
    """The profile URL the server answered with, once it may speak for it; else ServerError."""
    try:
        me = canonical_profile_url(answered)
    except ProfileURLError:
        raise ServerError(
            f"The sign-in answered for “{answered}”, which is not a site's address."
        ) from None
    if host_of(me) != host_of(entered):
        raise ServerError(
            f"The sign-in answered for {me}, which is not on {host_of(entered)}, "
            "the site you typed."
        )
    if me != entered and discover(me).authorization_endpoint != server.authorization_endpoint:
        raise ServerError(f"{me} does not name the server that signed you in.")
    return me


def endpoint_url(url):
    """An endpoint the reader's browser or the blog is sent to: https, unless local."""
    parts = urlsplit(url)
    schemes = ("https", "http") if allows_private_addresses() else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise ServerError(f"{url} cannot be an IndieAuth endpoint: it must be an https address.")
    return urlunsplit(parts._replace(fragment=""))


def first_link(page, rel):
    """The first link with `rel`, from the Link header, else from the page's <link> elements."""
    return next(chain(header_links(page, rel), html_links(page, rel)), None)


def header_links(page, rel):
    for header in page.headers.get_all("Link") or []:
        for target, parameters in LINK_VALUE.findall(header):
            found = REL_PARAMETER.search(parameters)
            if found and rel in (found.group(1) or found.group(2)).lower().split():
                yield urljoin(page.url, target.strip())


def html_links(page, rel):
    if "html" not in page.headers.get_content_type():
        return
    parser = LinkElements(page.url)
    parser.feed(page.text())
    parser.close()
    yield from (href for rels, href in parser.links if rel in rels)


class LinkElements(HTMLParser):
    """The <link rel href> elements of a page, their addresses made absolute."""

    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.base = url
        self.found_base = False
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        href = attributes.get("href")
        if href is None:
            return
        if tag == "base" and not self.found_base:
            self.base, self.found_base = urljoin(self.base, href.strip()), True
        elif tag == "link":
            rels = (attributes.get("rel") or "").lower().split()
            self.links.append((rels, urljoin(self.base, href.strip())))


def request(url, action, *, data=None):
    """The answer at `url` (a form POST when there is `data`), when it is a success."""
    headers = {"Accept": "application/json" if data is not None else "text/html"}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        response = fetch(
            url,
            method="GET" if data is None else "POST",
            data=None if data is None else urlencode(data).encode(),
            headers=headers,
        )
    except FetchError as error:
        why = next(message for kind, message in FETCH_FAILURES if isinstance(error, kind))
        raise ServerError(why.format(host=host_of(url))) from error
    if not response.ok:
        raise ServerError(f"{host_of(url)} refused to {action} (it answered {response.status}).")
    return response


def request_json(url, action, *, data=None):
    response = request(url, action, data=data)
    try:
        answer = json.loads(response.body)
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or response.truncated:
        raise ServerError(nonsense(url, action))
    return answer


def with_query(url, parameters):
    """`url` with `parameters` added to the query it may already have, which is kept."""
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *parameters.items()])
    return urlunsplit(parts._replace(query=query))


def host_of(url):
    return urlsplit(url).netloc


def nonsense(url, action):
    return f"{host_of(url)} did not answer as IndieAuth asks when asked to {action}."
