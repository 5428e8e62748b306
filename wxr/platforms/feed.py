"""Read any RSS or Atom feed into records, through feedparser, for blogs that offer no export.

A feed holds only the latest entries and no comments, but it is what every blog
platform gives: title, link, dates, author, categories (as tags) and the full text
(`content:encoded` or Atom `content`) when the feed has it, else the summary.
Enclosures (podcast audio, attached files) are kept as links at the end of the post,
and copied into the library with `--fetch-media`. An entry is known again by its id
(`guid`, Atom `id`), else its link. Old addresses redirect only when they are on the
feed's own site: a link blog's entries point at other people's pages.

feedparser is given bytes, never a URL: the feed is fetched through `core.fetch`.
Before it parses them, the bytes are checked by defusedxml, which refuses entity
declarations and external references, so no entity trick reaches any parser.
"""

import datetime
import hashlib
from html import escape
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from posts.models import Post

from .records import Entry, Export, FormatError, Person

FORMATS = {
    "rss090": "RSS 0.90",
    "rss091n": "RSS 0.91",
    "rss091u": "RSS 0.91",
    "rss092": "RSS 0.92",
    "rss093": "RSS 0.93",
    "rss094": "RSS 0.94",
    "rss20": "RSS 2.0",
    "rss10": "RSS 1.0",
    "rss": "RSS",
    "atom01": "Atom 0.1",
    "atom02": "Atom 0.2",
    "atom03": "Atom 0.3",
    "atom10": "Atom 1.0",
    "atom": "Atom",
}
# What expat says of a document that stops before its end: its last entries are missing.
CUT_SHORT = ("unclosed token", "no element found")
WXR_NAMESPACE = "wordpress.org/export/"
BLOGGER_KIND = "schemas.google.com/blogger/2008/kind#"


def read_feed(data, *, url=""):
    """An `Export` from the bytes of a feed (fetched from `url`, against which its relative
    links are resolved); FormatError for what is not one."""
    _refuse_entities(data)
    parsed = feedparser.parse(
        data,
        resolve_relative_uris=bool(url),
        response_headers={"content-location": url} if url else None,
        sanitize_html=False,
    )
    if not parsed.version:
        reason = f": {parsed.bozo_exception}" if parsed.get("bozo_exception") else ""
        raise FormatError(f"Not an RSS or Atom feed{reason}")
    if any(WXR_NAMESPACE in uri for uri in parsed.namespaces.values()):
        raise FormatError("This is a WordPress export: use import_wxr, which keeps much more")
    entries = parsed.entries
    if any(BLOGGER_KIND in tag.get("term", "") for e in entries for tag in e.get("tags", [])):
        raise FormatError("This is a Blogger export: use import_blogger, which keeps comments")
    if parsed.bozo:
        parsed_error = parsed.get("bozo_exception")
        if not entries:
            raise FormatError(f"Not a readable feed: {parsed_error}")
        if any(sign in str(parsed_error) for sign in CUT_SHORT):
            raise FormatError(f"The feed is cut short ({parsed_error})")
        # feedparser's lenient parser got entries out of a feed with errors: say so.
        export_warning = f"The feed is not well-formed ({parsed_error}); what could be read was"
    else:
        export_warning = ""
    channel = parsed.feed
    export = Export(
        name="feed",
        platform=f"{FORMATS.get(parsed.version, parsed.version)} feed",
        title=channel.get("title", ""),
        link=channel.get("link", ""),
    )
    if export_warning:
        export.warn(export_warning)
    site = urlsplit(export.link).netloc.lower()
    default_author = _person(channel)
    for item in entries:
        export.entries.append(_entry(item, export, site, default_author))
    return export


def _refuse_entities(data):
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FormatError(
            f"Feeds with entity declarations or external references are refused ({exc})"
        ) from exc
    except ParseError:
        pass  # not well-formed: feedparser's lenient parser, which expands no declared entity


def _entry(item, export, site, default_author):
    link = item.get("link", "")
    html = _body(item)
    enclosures = [e.get("href", "") for e in item.get("enclosures", []) if e.get("href")]
    if enclosures:
        export.warn(
            "Enclosures (podcast audio, attached files) were kept as links at the end of their "
            "posts; import with --fetch-media to copy them into the media library"
        )
        html += (
            "<ul>"
            + "".join(
                f'<li><a href="{escape(url)}">{escape(_file_name(url))}</a></li>'
                for url in enclosures
            )
            + "</ul>"
        )
    same_site = bool(site) and urlsplit(link).netloc.lower() == site
    if link and not same_site:
        export.warn(
            "Entries linking to other sites got no redirect (only the feed's own site does)"
        )
    title = item.get("title", "")
    published = _moment(item.get("published_parsed") or item.get("updated_parsed"))
    return Entry(
        kind="post",
        guid=item.get("id") or link or _fingerprint(title, published, html),
        title=title,
        html=html,
        status=Post.Status.PUBLISHED,
        published_at=published,
        slug=_slug(link) if same_site else "",
        old_url=link if same_site else "",
        author=_person(item) or default_author,
        enclosures=enclosures,
        tags=[
            ("", tag.get("label") or tag.get("term", ""))
            for tag in item.get("tags", [])
            if tag.get("term")
        ],
    )


def _body(item):
    """The full text where the feed has it (content:encoded, Atom content), else the summary."""
    contents = [c for c in item.get("content", []) if c.get("value")]
    html = next(
        (c for c in contents if "html" in c.get("type", "")), contents[0] if contents else None
    )
    if html is not None:
        return (
            html["value"] if "html" in html.get("type", "") else f"<p>{escape(html['value'])}</p>"
        )
    summary = item.get("summary_detail") or {}
    value = summary.get("value", "")
    return value if "html" in summary.get("type", "text/html") else f"<p>{escape(value)}</p>"


def _person(element):
    detail = element.get("author_detail") or {}
    name = detail.get("name") or element.get("author", "")
    if not name:
        return None
    return Person(name=name, email=detail.get("email", ""))


def _slug(link):
    """The last part of the old address, which becomes the new permalink's slug."""
    last = urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[0] if last.endswith((".html", ".htm", ".php")) else last


def _file_name(url):
    return urlsplit(url).path.rsplit("/", 1)[-1] or url


def _moment(parsed):
    """feedparser's dates are UTC `struct_time`s."""
    return datetime.datetime(*parsed[:6], tzinfo=datetime.UTC) if parsed else None


def _fingerprint(title, published, html):
    digest = hashlib.sha256("\x00".join([title, str(published), html]).encode()).hexdigest()
    return f"urn:feed-import:{digest[:32]}"
