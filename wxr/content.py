"""WordPress post and comment text, rendered as WordPress shows it, then sanitized.

WordPress stores what the author typed and transforms it on every page view:
blank lines become paragraphs (`wpautop`, skipped for block content just as
WordPress skips it), shortcodes become HTML,
and a lone URL on its own line becomes a link when no embed provider claims it.
This blog stores HTML, so an import does that transformation once, and the
result passes through the one sanitizer like everything else. Block delimiters
(`<!-- wp:paragraph -->`) are handed to it too, so that the blocks go back to
WordPress as they came, where the sanitizer keeps them; the one Custom HTML block
an export of this blog wraps a body in is unwrapped.

`wpautop` is a line-by-line port of WordPress's `wp-includes/formatting.php`, so
that imported posts break into the same paragraphs and line breaks as before.
Shortcodes are expanded before autop rather than after it (WordPress needs
`shortcode_unautop` to undo the damage autop does around them); the HTML they
become is block-level, which autop leaves alone.
"""

import re
from html import escape

from core.sanitize import sanitize_comment_html, sanitize_post_html

BLOCK_COMMENT = "<!-- wp:"
# The one Custom HTML block an export wraps a body in that was not written in blocks.
WHOLE_HTML_BLOCK = re.compile(r"\A\s*<!-- wp:html -->\n?(.*?)\n?<!-- /wp:html -->\s*\Z", re.S)
MORE = re.compile(r"<!--more(.*?)?-->", re.S)
NO_TEASER_OR_NEXT_PAGE = re.compile(r"<!--(?:noteaser|nextpage)-->")

SHORTCODES = ("caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist")

# WordPress's get_shortcode_regex(), for the shortcodes rendered here.
SHORTCODE = re.compile(
    r"\[(\[?)(" + "|".join(SHORTCODES) + r")(?![\w-])"
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"
    r"(\]?)",
    re.S,
)
# WordPress's shortcode_parse_atts() pattern.
SHORTCODE_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
CAPTIONED_IMAGE = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.I | re.S)
PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.S | re.I)
EMPTY_PARAGRAPH = re.compile(r"\n?<p>\s*</p>")
LONE_URL = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.I | re.M)
MEDIA_SOURCE_KEYS = ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac", "mp4", "m4v", "webm", "ogv")


def render_post(raw, *, gallery=None):
    """(body HTML, teaser HTML or None): the teaser is what comes before `<!--more-->`.

    `gallery(ids)` gives the media of a `[gallery]` (`ids` None: the post's own
    attachments); without it, galleries are left out.
    """
    text = _normalize_newlines(raw)
    whole = WHOLE_HTML_BLOCK.match(text)
    if whole and BLOCK_COMMENT not in whole.group(1):
        text = whole.group(1)  # an export's wrapper, not blocks the author wrote
        has_blocks = True
    else:
        has_blocks = BLOCK_COMMENT in text
    teaser = None
    more = MORE.search(text)
    if more:
        teaser = _render(text[: more.start()], has_blocks, gallery)
        text = text[: more.start()] + text[more.end() :]
    return _render(text, has_blocks, gallery), teaser


def render_comment(raw):
    """A comment as WordPress shows it: paragraphs from blank lines, a reader's allowlist."""
    return sanitize_comment_html(wpautop(_normalize_newlines(raw)))


def _normalize_newlines(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _render(text, has_blocks, gallery):
    text = NO_TEASER_OR_NEXT_PAGE.sub("", text)
    text = expand_shortcodes(text, gallery=gallery)
    text = _outside_pre(text, lambda part: LONE_URL.sub(_link_lone_url, part))
    if not has_blocks:
        text = wpautop(text)
    # What the sanitizer emptied (a paragraph that held only a script) goes too, so
    # that rendering the result again gives the same HTML.
    return EMPTY_PARAGRAPH.sub("", sanitize_post_html(text)).strip()


def _outside_pre(text, change):
    """Apply `change` to the text outside <pre> elements: preformatted text stays as written."""
    parts = PRE.split(text)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def _link_lone_url(match):
    url = match.group(2)
    return f'{match.group(1)}<a href="{escape(url)}">{escape(url)}</a>{match.group(3)}'


# Shortcodes


def parse_shortcode_attributes(text):
    """WordPress's shortcode_parse_atts(): named values by lower-case name, then bare values."""
    text = re.sub("[\u00a0\u200b]+", " ", text or "")
    named, positional = {}, []
    for match in SHORTCODE_ATTRIBUTE.finditer(text):
        groups = match.groups()
        if groups[0]:
            named[groups[0].lower()] = groups[1]
        elif groups[2]:
            named[groups[2].lower()] = groups[3]
        elif groups[4]:
            named[groups[4].lower()] = groups[5]
        else:
            positional.append(next(g for g in groups[6:] if g is not None))
    return named, positional


def expand_shortcodes(text, *, gallery=None):
    """[caption], [gallery], [embed], [audio], [video] → HTML; [playlist] is dropped."""

    def replace(match):
        escaped_open, name, attributes, _, content, escaped_close = match.groups()
        if escaped_open == "[" and escaped_close == "]":
            return match.group(0)[1:-1]  # [[caption]] is how WordPress writes a literal one
        named, positional = parse_shortcode_attributes(attributes)
        html = RENDERERS[name](named, positional, content or "", gallery)
        return escaped_open + html + escaped_close

    if "[" not in text:
        return text
    return SHORTCODE.sub(replace, text)


def escape_shortcodes(html):
    """Bracket every shortcode twice, so that it reads back as the text it is, not as markup."""
    if "[" not in html:
        return html
    return SHORTCODE.sub(lambda match: f"[{match.group(0)}]", html)


def as_html_block(html):
    """Finished HTML as one block-editor "Custom HTML" block: shown as it is, never autop'd,
    by WordPress and by this importer alike."""
    return f"<!-- wp:html -->\n{escape_shortcodes(html)}\n<!-- /wp:html -->"


def exported_body(html):
    """A stored body as an export gives it: written in blocks, as it is (its shortcodes
    kept as text), so WordPress gets the same blocks; else as one Custom HTML block."""
    if BLOCK_COMMENT in html:
        return escape_shortcodes(html)
    return as_html_block(html)


def _caption(named, positional, content, gallery):
    content = expand_shortcodes(content, gallery=gallery)
    caption = named.get("caption", "")
    if not caption:
        match = CAPTIONED_IMAGE.match(content.strip())
        if match:
            content, caption = match.group(1), match.group(2).strip()
    if not caption:
        return content
    classes = " ".join(
        c for c in ("wp-caption", named.get("align", "alignnone"), named.get("class", "")) if c
    )
    return (
        f'<figure class="{escape(classes)}">{content}'
        f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>'
    )


def _gallery(named, positional, content, gallery):
    if gallery is None:
        return ""
    ids_text = named.get("ids") or named.get("include") or ""
    ids = [int(i) for i in re.findall(r"\d+", ids_text)] or None
    media = gallery(ids)
    if not media:
        return ""
    link = named.get("link", "")
    figures = []
    for medium in media:
        image = f'<img src="{escape(medium.url)}" alt="{escape(medium.alt or medium.title)}">'
        if link != "none":
            image = f'<a href="{escape(medium.url)}">{image}</a>'
        caption = (
            f'<figcaption class="wp-caption-text">{medium.caption}</figcaption>'
            if medium.caption
            else ""
        )
        figures.append(f'<figure class="gallery-item">{image}{caption}</figure>')
    return '<div class="gallery">' + "".join(figures) + "</div>"


def _link(url):
    url = url.strip()
    if not re.match(r"https?://", url, re.I):
        return ""
    return f'<a href="{escape(url)}">{escape(url)}</a>'


def _embed(named, positional, content, gallery):
    # What WordPress shows when no oEmbed provider answers: a plain link.
    return _link(content or named.get("src", ""))


def _media(named, positional, content, gallery):
    source = next((named[k] for k in MEDIA_SOURCE_KEYS if named.get(k)), "") or content
    return _link(source)


def _nothing(named, positional, content, gallery):
    return ""


RENDERERS = {
    "caption": _caption,
    "wp_caption": _caption,
    "gallery": _gallery,
    "embed": _embed,
    "audio": _media,
    "video": _media,
    "playlist": _nothing,
}


# wpautop, ported from WordPress.

ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
# wp_html_split(): comments, CDATA sections and tags, captured so they can be told apart.
HTML_SPLIT = re.compile(r"(<(?:!--.*?(?:-->|$)|!\[CDATA\[.*?(?:\]\]>|$)|[^>]*>?))", re.S)

_BLOCK_OPEN = re.compile(r"(<" + ALLBLOCKS + r"[\s/>])")
_BLOCK_CLOSE = re.compile(r"(</" + ALLBLOCKS + r">)")
_P_AROUND_BLOCK = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>")
_P_BEFORE_BLOCK = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)")
_P_AFTER_BLOCK = re.compile(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>")
_BR_AFTER_BLOCK = re.compile(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />")
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")


def _replace_in_html_tags(text, old, new):
    """wp_replace_in_html_tags(): replace only inside tags and comments, never in text."""
    parts = HTML_SPLIT.split(text)
    for i in range(1, len(parts), 2):
        parts[i] = parts[i].replace(old, new)
    return "".join(parts)


def wpautop(text, br=True):
    """Paragraphs from double line breaks and <br /> from single ones, as WordPress does."""
    if not text.strip():
        return ""
    text += "\n"

    pre_tags = {}
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text, i = "", 0
        for part in parts:
            start = part.find("<pre")
            if start == -1:  # malformed HTML
                text += part
                continue
            name = f"<pre wp-pre-tag-{i}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
            i += 1
        text += last

    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _replace_in_html_tags(text, "\n", " <!-- wpnl --> ")

    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)

    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = _P_AROUND_BLOCK.sub(r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)

    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"),
            text,
            flags=re.S,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")

    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)

    for name, pre in pre_tags.items():
        text = text.replace(name, pre)
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
    return text
