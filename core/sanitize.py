"""The one HTML sanitizer: every piece of user or imported HTML passes here.

Built on nh3 (Ammonia). Two allowlists: what an author may write in a post,
and the smaller set a reader may use in a comment, as WordPress allows.
"""

import re
from html import unescape

import nh3
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
}  # fmt: skip

POST_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang", "name"},
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
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "time": {"datetime"},
}

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


# URL-valued attributes nh3 does not check against `url_schemes` itself.
URL_ATTRIBUTES = {"cite", "srcset"}
SAFE_URL = re.compile(r"^(?:https?://|mailto:|/|#|\.|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


def _safe_url(url):
    return bool(SAFE_URL.match(url.strip()))


def _check_url_attributes(element, attribute, value):
    """Drop `cite` and `srcset` values whose URLs are not http(s) or relative."""
    if attribute == "cite":
        return value if _safe_url(value) else None
    if attribute == "srcset":
        candidates = [c.strip().split()[0] for c in value.split(",") if c.strip()]
        return value if all(_safe_url(url) for url in candidates) else None
    return value


def sanitize_post_html(html):
    """Clean an author's post body: rich markup stays, anything active goes."""
    return nh3.clean(
        html or "",
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        allowed_classes=dict.fromkeys(POST_TAGS, POST_CLASSES),
        url_schemes=URL_SCHEMES,
        attribute_filter=_check_url_attributes,
        link_rel="noopener",
        strip_comments=True,
    ).strip()


def sanitize_comment_html(html):
    """Clean a reader's comment: a few inline tags, links marked as user content."""
    return nh3.clean(
        html or "",
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_check_url_attributes,
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
    """WordPress's automatic excerpt: the first 55 words of the text."""
    return Truncator(plain_text(html)).words(words, truncate="…")
