"""The one HTML sanitizer: every piece of user or imported HTML passes here.

Built on nh3 (Ammonia). Two allowlists: what an author may write in a post,
and the smaller set a reader may use in a comment, as WordPress allows. What a
post keeps of block-editor markup (classes, layout styles, block comments) is
decided in `core.block_markup`.
"""

import re
import secrets
from html import escape, unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from . import block_markup

URL_SCHEMES = {"http", "https", "mailto"}

POST_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "audio", "video", "source",
}  # fmt: skip

POST_ATTRIBUTES = {
    "*": {"title", "lang", "dir", "id", "class", "style"},
    "a": {"href", "hreflang", "name", "aria-label"},
    "audio": {"src", "preload", "loop", "muted"},
    "code": {"class"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "del": {"cite", "datetime"},
    "details": {"open"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "ins": {"cite", "datetime"},
    "li": {"value"},
    "ol": {"start", "reversed", "type"},
    "q": {"cite"},
    "source": {"src", "type", "media"},
    "span": {"aria-hidden"},
    "div": {"aria-hidden"},
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
SAFE_ID = re.compile(r"^[A-Za-z0-9][\w:.-]{0,99}$")
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
    relative), media on this site only, code languages, block classes, and safe ids.
    (`style` passes here and becomes classes in `_styles_to_classes`.)"""
    if attribute == "cite":
        return value if _safe_url(value) else None
    if attribute == "srcset":
        candidates = [c.strip().split()[0] for c in value.split(",") if c.strip()]
        return value if all(_safe_url(url) for url in candidates) else None
    if element in MEDIA_ELEMENTS and attribute in MEDIA_URL_ATTRIBUTES:
        return value if is_site_url(value) else None
    if element == "code" and attribute == "class":
        kept = [name for name in value.split() if CODE_LANGUAGE_CLASS.match(name)]
        return " ".join(kept[:1]) or None
    if attribute == "class":
        return block_markup.kept_classes(value)
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

    Comments go too, except the first `<!--more-->` and well-formed block comments:
    each passes nh3 as a word no author can guess and is put back, re-written from
    its parts, where that word stands between tags. Inline styles become classes.
    """
    secret = secrets.token_hex(12)
    hidden, kept_comments = _hide_comments(html or "", secret)
    cleaned = nh3.clean(
        hidden,
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        set_tag_attribute_values=POST_SET_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_check_attribute,
        link_rel="noopener",
        strip_comments=True,
    ).strip()
    cleaned = START_TAG.sub(_styles_to_classes, cleaned)
    return _restore_comments(cleaned, secret, kept_comments)


MORE_TEXT = re.compile(r"\s*more\b", re.IGNORECASE)


def _hide_comments(html, secret):
    """(html with its `<!--more-->` and block comments replaced by placeholders, the block
    comments as re-written). Comments are found in one pass, each ending at the first
    `-->`, so that no input makes this slower than reading it once."""
    parts, kept_comments, position = [], [], 0
    while (start := html.find("<!--", position)) != -1:
        end = html.find("-->", start + 4)
        if end == -1:
            break
        end += 3
        comment = html[start:end]
        if MORE_TEXT.match(comment, 4):
            replacement = f"blogsite-{secret}-more-"
        elif (found := block_markup.BLOCK_COMMENT.fullmatch(comment)) and (
            written := block_markup.block_comment(found)
        ):
            replacement = f"blogsite-{secret}-b{len(kept_comments)}-"
            kept_comments.append(written)
        else:
            replacement = comment  # text in an attribute stays text; a comment goes, as any other
        parts += [html[position:start], replacement]
        position = end
    parts.append(html[position:])
    return "".join(parts), kept_comments


# nh3's output: attribute values always double-quoted, with `"`, `<` and `>` escaped.
START_TAG = re.compile(r"<([a-z][a-z0-9]*)(\s[^>]*)>")
ATTRIBUTE = re.compile(r'\s([^\s="/>]+)(?:="([^"]*)")?')


def _styles_to_classes(match):
    """A start tag without its `style`, and with the classes that stand for it."""
    if ' style="' not in match[2]:
        return match[0]
    attributes = [(m[1], m[2]) for m in ATTRIBUTE.finditer(match[2])]
    style = next((value for name, value in attributes if name == "style"), "")
    classes = next((value for name, value in attributes if name == "class"), "").split()
    added = [name for name in block_markup.classes_for_style(style, classes) if name not in classes]
    attributes = [(name, value) for name, value in attributes if name not in ("style", "class")]
    if classes or added:
        attributes.append(("class", " ".join(classes + added)))
    written = "".join(
        f' {name}="{value}"' if value is not None else f" {name}" for name, value in attributes
    )
    return f"<{match[1]}{written}>"


def _restore_comments(html, secret, kept_comments):
    """Each placeholder outside a tag becomes its comment again (only the first `more`);
    inside an attribute it turns back into the text it was."""
    placeholder = re.compile(rf"blogsite-{secret}-(more|b(\d+))-")
    if placeholder.search(html) is None:
        return html
    restored = []

    def comment_for(found):
        return MORE_COMMENT if found[1] == "more" else kept_comments[int(found[2])]

    def put_back(match):
        if match[0].startswith("<"):
            return placeholder.sub(lambda found: escape(comment_for(found)), match[0])
        if match[1] == "more":
            if restored:
                return ""
            restored.append(True)
        return comment_for(match)

    return re.sub(rf"<[^>]*>|{placeholder.pattern}", put_back, html)


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
