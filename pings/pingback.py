"""Pingbacks in: the XML-RPC server at /xmlrpc.php, as the Pingback 1.0 specification has it.

Another blog calls `pingback.ping(sourceURI, targetURI)` after publishing a
page (the source) that links to one of our posts (the target). The call is
answered at once, after what can be checked without fetching anything: the
sender's rate limit, the target being a post of ours that takes pings, and
the pingback being neither a flood nor a duplicate. Those refusals are faults
in the answer. The rest, fetching the source through the safe client
(`core.fetch`), making sure it really links to the target, and keeping its
title and the words around the link as a pingback moderated like a comment,
is the background task `verify`, so that no request waits on another site.

A call that passes the checks is told, as the specification has it, with a
string: that the pingback is registered, and that its source is checked
before it is shown. Callers such as WordPress take any string for success, and a fault
is only for what is known at call time. What the verification finds (fault
16 the source does not exist, 17 it does not link to the target, 50 its
server failed, or a moderation refusal) is the task's result and is logged;
a source that fails it leaves nothing saved.

Each address may call pingback.ping `incoming.PINGS_PER_MINUTE` times a
minute, failed calls included, since each may cost a fetch. Past that the
answer is fault 0, the code this server already gives when the comment
flood rule refuses a pingback, with a message that says to slow down. That
fault, like every other, comes with HTTP 200, as XML-RPC has it: the HTTP
exchange succeeded, and callers read the fault from the body.

The XML-RPC server itself (safe parsing, size limit, faults for XML-RPC-level
problems) is core's (`core.xmlrpc`); this app registers `pingback.ping` and
`demo.sayHello` with it when it is ready (`register`). Faults here use the
specification's codes.
"""

import contextlib
import logging
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.core.exceptions import DisallowedHost
from django.tasks import task
from django.urls import Resolver404, resolve
from django.utils.html import format_html
from django.utils.text import Truncator

from comments import moderation
from comments.models import Comment
from core import fetch, xmlrpc
from core.sanitize import sanitize_comment_html
from core.site_url import absolute
from posts.models import Post

from . import incoming

logger = logging.getLogger(__name__)

GENERIC = 0
SOURCE_MISSING = 16
NO_LINK = 17
TARGET_MISSING = 32
TARGET_UNUSABLE = 33
ALREADY_REGISTERED = 48
ACCESS_DENIED = 49
UPSTREAM = 50
BAD_PARAMS = xmlrpc.BAD_PARAMS

# What moderation.refusal() says, in the specification's words.
FAULT_FOR_REFUSAL = {404: TARGET_MISSING, 403: ACCESS_DENIED, 409: ALREADY_REGISTERED}
CONTEXT = 100
MAX_TITLE = 100


Fault = xmlrpc.Fault
# Parsing an answer from another blog's server (outgoing pings): the same safe parser.
loads = xmlrpc.loads


def server_url():
    """The absolute address of the XML-RPC server, as X-Pingback and <link> announce it."""
    return xmlrpc.server_url()


def say_hello(request):
    return "Hello!"


def ping(request, source, target):
    """pingback.ping: check what can be checked at once, and queue the verification."""
    if incoming.over_rate_limit(request, Comment.Kind.PINGBACK):
        raise Fault(GENERIC, "Too many pingbacks from your address; try again in a minute.")
    if not isinstance(source, str) or not isinstance(target, str):
        raise Fault(BAD_PARAMS, "server error. invalid method parameters")
    source, target = source.strip(), target.strip()
    post = post_for_target(target, request)
    if same_page(source, target):
        raise Fault(
            GENERIC, "The source URL and the target URL cannot both point to the same page."
        )
    if len(source) > incoming.MAX_SOURCE_URL:
        raise Fault(GENERIC, f"The source URL is longer than {incoming.MAX_SOURCE_URL} characters.")
    if not incoming.is_web_url(source):
        raise Fault(SOURCE_MISSING, "The source URL does not exist: it is not an http(s) URL.")

    sender = incoming.sent_by(request)
    pingback = incoming.new_ping(post, Comment.Kind.PINGBACK, source_url=source, **sender)
    if refused := moderation.refusal(pingback):
        raise fault_for(refused)
    verify.enqueue(post.pk, source, target, **sender)
    return (
        f"Pingback from {source} to {target} registered; its source is checked before it is shown."
    )


@task
def verify(post_id, source, target, *, ip, user_agent):
    """Fetch the source, check that it links to the target, and admit the pingback.

    Returns what became of it: the saved pingback's id and status, or the
    fault the caller would have been given, which is also logged. Moderation
    runs again, since another ping may have come in since the call.
    """
    try:
        pingback = verified_pingback(post_id, source, target, ip=ip, user_agent=user_agent)
        if refused := moderation.admit(pingback):
            raise fault_for(refused)
    except Fault as fault:
        logger.info(
            "pingback from %s to %s not registered: fault %s, %s",
            source,
            target,
            fault.code,
            fault.message,
        )
        return {"registered": False, "fault": fault.code, "message": fault.message}
    return {"registered": True, "pingback": pingback.pk, "status": pingback.status}


def verified_pingback(post_id, source, target, *, ip, user_agent):
    """The unsaved pingback, once its source is fetched and found to link to the target."""
    post = Post.entries.filter(pk=post_id).first()
    if post is None:
        raise Fault(TARGET_MISSING, "The specified target URL does not exist.")
    page = fetch_source(source)
    found = read_source(page, target)
    if found is None:
        raise Fault(
            NO_LINK,
            "The source URL does not contain a link to the target URL, "
            "and so cannot be used as a source.",
        )
    pingback = incoming.new_ping(
        post, Comment.Kind.PINGBACK, source_url=source, ip=ip, user_agent=user_agent
    )
    pingback.author_name = found.title or pingback.author_name
    pingback.body = sanitize_comment_html(format_html("<p>{}</p>", found.excerpt))
    return pingback


def register():
    """Serve pingbacks at /xmlrpc.php, beside what other apps register there."""
    xmlrpc.register("pingback.ping", ping, failure="The pingback could not be registered.")
    xmlrpc.register("demo.sayHello", say_hello)


def fault_for(refused):
    return Fault(FAULT_FOR_REFUSAL.get(refused.status_code, GENERIC), refused.message)


def post_for_target(target, request):
    """The published post or page that `target` is the permalink of; faults 32 or 33
    otherwise."""
    unusable = Fault(
        TARGET_UNUSABLE,
        "The specified target URL cannot be used as a target. It either doesn't exist, "
        "or it is not a pingback-enabled resource.",
    )
    try:
        parts = urlsplit(target)
    except ValueError as exc:
        raise unusable from exc
    if parts.scheme not in ("http", "https") or not is_our_site(parts, request):
        raise unusable
    try:
        match = resolve(unquote(parts.path or "/"))
    except Resolver404 as exc:
        raise Fault(TARGET_MISSING, "The specified target URL does not exist.") from exc
    if match.view_name not in incoming.ENTRY_VIEWS:
        raise unusable
    post = incoming.published_entry_at(match.view_name, match.kwargs)
    if post is None:
        raise Fault(TARGET_MISSING, "The specified target URL does not exist.")
    return post


def is_our_site(parts, request):
    ours = {host_and_port(urlsplit(absolute("/")))}
    with contextlib.suppress(DisallowedHost):
        ours.add(host_and_port(urlsplit(f"//{request.get_host()}", scheme=parts.scheme)))
    return host_and_port(parts) in ours


def host_and_port(parts):
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        return None
    return (parts.hostname or "", None if port == default else port)


def same_page(a, b):
    try:
        return _comparable(a) == _comparable(b)
    except ValueError:  # not even a URL: not the same page as a post's permalink
        return False


def _comparable(url):
    """A URL as pages are compared: any scheme, host case, default port, trailing slash."""
    parts = urlsplit(url.strip())
    host, port = host_and_port(parts) or ("", None)
    return (host, port, unquote(parts.path).rstrip("/"), parts.query)


def fetch_source(source):
    try:
        page = fetch.fetch(source)
    except (fetch.Timeout, fetch.UpstreamError) as exc:
        raise Fault(UPSTREAM, f"The source URL could not be fetched: {exc}.") from exc
    except fetch.FetchError as exc:
        raise Fault(SOURCE_MISSING, f"The source URL does not exist: {exc}.") from exc
    if page.status >= 500:
        raise Fault(UPSTREAM, f"The source URL answered with an error (HTTP {page.status}).")
    if not page.ok:
        raise Fault(SOURCE_MISSING, f"The source URL does not exist (HTTP {page.status}).")
    return page


class SourcePage(HTMLParser):
    """Reads a source page once: its title, its text, and where in it the target is linked."""

    SKIP = {"script", "style", "noscript", "template", "textarea", "svg"}
    BLOCKS = {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "td", "th", "tr", "ul",
    }  # fmt: skip
    BREAK = "\n\n"

    def __init__(self, base_url, target):
        super().__init__(convert_charrefs=True)
        self.base_url, self.target = base_url, _comparable(target)
        self.title_parts, self.in_title, self.skipping = [], False, 0
        self.text, self.length = [], 0
        self.link_start = self.link_end = None

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self._add(self.BREAK)
        elif tag == "base" and self.length == 0:
            href = dict(attrs).get("href")
            if href:
                self.base_url = urljoin(self.base_url, href)
        elif tag == "a" and self.link_start is None:
            href = dict(attrs).get("href") or ""
            with contextlib.suppress(ValueError):  # a broken href links nowhere
                if href and _comparable(urljoin(self.base_url, href)) == self.target:
                    self.link_start = self.length

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in self.BLOCKS:
            self._add(self.BREAK)
        elif tag == "a" and self.link_start is not None and self.link_end is None:
            self.link_end = self.length

    def handle_data(self, data):
        data = incoming.storable(data)
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skipping:
            self._add(data)

    def _add(self, text):
        self.text.append(text)
        self.length += len(text)

    @property
    def title(self):
        return Truncator(" ".join("".join(self.title_parts).split())).chars(MAX_TITLE)

    @property
    def excerpt(self):
        """The words around the link, within its paragraph, as WordPress quotes them."""
        text = "".join(self.text)
        end = self.link_end if self.link_end is not None else len(text)
        before = text[: self.link_start].rsplit(self.BREAK, 1)[-1]
        after = text[end:].split(self.BREAK, 1)[0]
        link = " ".join(text[self.link_start : end].split())
        before, after = " ".join(before.split()), " ".join(after.split())
        if len(before) > CONTEXT:
            before = "… " + before[-CONTEXT:].split(" ", 1)[-1]
        if len(after) > CONTEXT:
            after = after[:CONTEXT].rsplit(" ", 1)[0] + " …"
        return f"[…] {' '.join(part for part in (before, link, after) if part)} […]"


def read_source(page, target):
    """The parsed page if it links to the target, else None."""
    reader = SourcePage(page.url, target)
    reader.feed(page.text())
    reader.close()
    return reader if reader.link_start is not None else None
