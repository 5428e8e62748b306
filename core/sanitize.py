"""The one HTML sanitizer: every piece of user or imported HTML passes here.

Built on nh3 (Ammonia). Two allowlists: what an author may write in a post,
and the smaller set a reader may use in a comment, as WordPress allows.
"""

import re
import secrets
from html import unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

URL_SCHEMES = {"http", "https", "mailto"}

# Alignment and caption classes that the editor and WordPress content use.
POST_CLASSES = {
    "alignleft",
    "aligncenter",
    "alignright",
    "alignnone",
    "wp-caption",
    "wp-caption-text",
    "wp-block-quote",
    "wp-block-image",
    "gallery",
    "gallery-item",
}

POST_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "audio", "video", "source",
}  # fmt: skip
# Tags whose classes are chosen by attribute_filter rather than from POST_CLASSES.
FILTERED_CLASS_TAGS = {"code"}

POST_ATTRIBUTES = {
    "*": {"title", "lang", "dir", "id"},
    "a": {"href", "hreflang", "name"},
    "audio": {"src", "preload", "loop", "muted"},
    "code": {"class"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "del": {"cite", "datetime"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "ins": {"cite", "datetime"},
    "li": {"value"},
    "ol": {"start", "reversed", "type"},
    "q": {"cite"},
    "source": {"src", "type", "media"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "time": {"datetime"},
    "video": {"src", "poster", "width", "height", "preload", "loop", "muted", "playsinline"},
}
# Players always show their controls (and never autoplay: `autoplay` is not allowed).
POST_SET_ATTRIBUTES = {"audio": {"controls": ""}, "video": {"controls": ""}}

COMMENT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "p", "pre",
    "q", "s", "strike", "strong",
}  # fmt: skip

COMMENT_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "q": {"cite"},
}


SAFE_URL = re.compile(r"^(?:https?://|mailto:|/|#|\.|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
# Audio and video play only files on this site: no player can be made to contact a stranger.
MEDIA_ELEMENTS = {"audio", "video", "source"}
MEDIA_URL_ATTRIBUTES = {"src", "poster"}
CODE_LANGUAGE_CLASS = re.compile(r"^language-[a-z0-9][\w+#.-]{0,39}$", re.IGNORECASE)
# Heading anchors and footnotes: a plain name, not one the site's own pages use (scripts
# and the skip link find their elements by these) and no longer than a sentence.
SAFE_ID = re.compile(r"^[A-Za-z][\w:.-]{0,99}$")
SITE_IDS = {
    "content", "comments", "comments-title", "commentform", "respond", "reply-title",
    "cancel-comment-reply-link", "likes", "likes-title", "pings", "pings-title",
    "related-title", "site-search-q", "search-page-q",
}  # fmt: skip
SITE_ID_PREFIXES = ("id_", "comment-", "widget-", "embed-")
# WordPress's split point: what comes before it is the teaser.
MORE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE | re.DOTALL)
MORE_COMMENT = "<!--more-->"


def _safe_url(url):
    return bool(SAFE_URL.match(url.strip()))


def is_site_url(url):
    """A relative URL, or one on this site's host or its media host (MEDIA_URL)."""
    url = url.strip()
    if url.startswith("//") or "\\" in url:
        return False
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return bool(SAFE_URL.match(url))
    hosts = {urlsplit(site).netloc.lower() for site in (settings.SITE_URL, settings.MEDIA_URL)}
    return parts.scheme in ("http", "https") and parts.netloc.lower() in hosts - {""}


def _check_attribute(element, attribute, value):
    """The checks nh3 does not make itself: URLs in `cite` and `srcset` (http(s) or
    relative), media on this site only, code languages, and safe ids."""
    if attribute == "cite":
        return value if _safe_url(value) else None
    if attribute == "srcset":
        candidates = [c.strip().split()[0] for c in value.split(",") if c.strip()]
        return value if all(_safe_url(url) for url in candidates) else None
    if element in MEDIA_ELEMENTS and attribute in MEDIA_URL_ATTRIBUTES:
        return value if is_site_url(value) else None
    if element in FILTERED_CLASS_TAGS and attribute == "class":
        kept = [name for name in value.split() if CODE_LANGUAGE_CLASS.match(name)]
        return " ".join(kept[:1]) or None
    if attribute == "id":
        return value if _safe_id(value) else None
    return value


def _safe_id(value):
    return (
        bool(SAFE_ID.match(value))
        and value.lower() not in SITE_IDS
        and not value.lower().startswith(SITE_ID_PREFIXES)
    )


def sanitize_post_html(html):
    """Clean an author's post body: rich markup stays, anything active goes.

    Comments go too, except the first `<!--more-->`: it passes nh3 as a word no
    author can guess and is put back where that word stands between tags.
    """
    marker = f"blogsite-more-{secrets.token_hex(12)}"
    cleaned = nh3.clean(
        MORE.sub(marker, html or ""),
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        set_tag_attribute_values=POST_SET_ATTRIBUTES,
        allowed_classes=dict.fromkeys(POST_TAGS - FILTERED_CLASS_TAGS, POST_CLASSES),
        url_schemes=URL_SCHEMES,
        attribute_filter=_check_attribute,
        link_rel="noopener",
        strip_comments=True,
    ).strip()
    return _restore_more(cleaned, marker) if marker in cleaned else cleaned


def _restore_more(html, marker):
    """The first marker outside a tag becomes the split point; any other goes (inside an
    attribute it turns back into the text it was)."""
    restored = []

    def put_back(match):
        if match[0].startswith("<"):
            return match[0].replace(marker, "&lt;!--more--&gt;")
        if restored:
            return ""
        restored.append(True)
        return MORE_COMMENT

    return re.sub(rf"<[^>]*>|{marker}", put_back, html)


def teaser_html(html):
    """What comes before the split point, or None when there is none."""
    found = MORE.search(html or "")
    return html[: found.start()] if found else None


def sanitize_comment_html(html):
    """Clean a reader's comment: a few inline tags, links marked as user content."""
    return nh3.clean(
        html or "",
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_check_attribute,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    ).strip()


BLOCK_END = re.compile(
    r"(</(?:p|li|h[1-6]|blockquote|pre|div|td|th|dd|dt|figcaption)>|<br\s*/?>)", re.I
)


def plain_text(html):
    """Text of an HTML fragment, for excerpts, descriptions and search."""
    spaced = BLOCK_END.sub(r"\1 ", html or "")
    return " ".join(unescape(strip_tags(spaced)).split())


def excerpt_from_html(html, words=55):
    """WordPress's automatic excerpt: the text before `<!--more-->` where the author put
    one, else the first 55 words of the text."""
    teaser = teaser_html(html)
    if teaser is not None and plain_text(teaser):
        return plain_text(teaser)
    return Truncator(plain_text(html)).words(words, truncate="…")
