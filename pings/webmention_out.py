"""Webmentions out: finding where a page takes them, as the spec says, and sending one.

Endpoint discovery, in the specification's order (W3C Webmention §3.1.2):

1. the HTTP `Link` headers of the target's answer, all of them and each of
   their values in order, the first with a `rel` naming `webmention` among its
   values (quoted or not, any case);
2. else, in an HTML answer, the first `<link>` or `<a>` element, in document
   order, whose `rel` names `webmention` and that has an `href` (an empty
   one names the page itself). Comments and escaped text are not elements.

The target is fetched through `core.fetch`, which follows redirects and checks
each new address again; a relative endpoint is resolved against the URL the
redirects ended at, and a query string in it is kept: the form goes in the
body of the POST.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

from core import fetch

from .models import OutgoingPing

Result = OutgoingPing.Result
HTML_TYPES = {"text/html", "application/xhtml+xml"}
# One value of a Link header: <uri> and its parameters (RFC 8288).
LINK_VALUE = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,="\s]+\s*(?:=\s*(?:"[^"]*"|[^;,"]*))?)*)')
LINK_PARAM = re.compile(r";\s*([^;,=\s]+)\s*(?:=\s*(?:\"([^\"]*)\"|([^;,]*)))?")


def endpoint_in(page):
    """The absolute Webmention endpoint a fetched page names, or None."""
    for value in page.headers.get_all("Link") or ():
        for uri, rels in link_header_values(value):
            if "webmention" in rels:
                return urljoin(page.url, uri.strip())
    if page.headers.get_content_type() not in HTML_TYPES:
        return None
    finder = _EndpointFinder()
    finder.feed(page.text())
    finder.close()
    return urljoin(page.url, finder.href.strip()) if finder.href is not None else None


def link_header_values(value):
    """[(uri, {rel values, lower case})] of one Link header, in order."""
    found = []
    for uri, params in LINK_VALUE.findall(value):
        rels = set()
        for name, quoted, bare in LINK_PARAM.findall(params):
            if name.lower() == "rel":
                rels.update((quoted or bare).lower().split())
        found.append((uri, rels))
    return found


class _EndpointFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.href = None

    def handle_starttag(self, tag, attrs):
        if self.href is not None or tag not in ("link", "a"):
            return
        attributes = dict(attrs)
        rels = (attributes.get("rel") or "").lower().split()
        if "webmention" in rels and "href" in attributes:
            self.href = attributes["href"] or ""


def send(endpoint, source, target):
    """(result, message) of telling `endpoint` that `source` links to `target`."""
    try:
        response = fetch.fetch(
            endpoint,
            method="POST",
            data=urlencode({"source": source, "target": target}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    except fetch.FetchError as exc:
        return Result.FAILED, f"could not reach the Webmention endpoint: {exc}"
    if not response.ok:
        return Result.FAILED, f"the Webmention endpoint answered HTTP {response.status}"
    status_page = response.headers.get("Location", "").strip()
    message = f"accepted (HTTP {response.status})"
    if status_page:
        message += f"; status: {urljoin(response.url, status_page)}"
    return Result.SENT, message
