"""Read a WXR file as a stream of plain records: authors, terms and items.

There is no WXR specification: the format is whatever WordPress's exporter
writes. Versions 1.0 to 1.2 differ only in details, and real files bind the
`wp:` prefix to http or https namespace URIs of any of those versions, so
elements are recognised by namespace *URI pattern*, never by prefix: an element
whose prefix says `wp:` but whose URI is foreign is not WordPress data.

The file is parsed with lxml's `iterparse`, and each top-level element of the
channel is dropped once it has been turned into a record, so memory stays flat
however large the export. Entities are not resolved, DTDs are not loaded and
nothing is fetched from the network. A DOCTYPE, which WXR never has, is refused:
before parsing, by reading the prolog in the file's own encoding up to the root
element, and again at the root from what the parser itself read, which holds for
an encoding the first reading could not decode. PHP-serialized meta values are
kept as the strings they are; nothing here unserializes them.
"""

import codecs
import itertools
import re
from dataclasses import dataclass, field

from lxml import etree

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
CONTENT_NAMESPACE = re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/$")
DC_NAMESPACE = re.compile(r"^https?://purl\.org/dc/elements/1\.1/$")

# Post meta the importer uses; every other key (and every serialized value) is left alone.
KEPT_META = {
    "_thumbnail_id",
    "_wp_attached_file",
    "_wp_attachment_image_alt",
    # A navigation menu item: what it points at, under which item, or which address.
    "_menu_item_type",
    "_menu_item_object",
    "_menu_item_object_id",
    "_menu_item_menu_item_parent",
    "_menu_item_url",
}

# The largest number the database keeps (a signed 64-bit integer), for ids above all.
MAX_NUMBER = 2**63 - 1

DOCTYPE_REFUSED = "WordPress exports have no <!DOCTYPE>; this file is refused"
PROLOG_CHUNK = 65536
XML_WHITESPACE = " \t\r\n"
# What the prolog may hold before the root element besides whitespace and a DOCTYPE:
# the XML declaration and other processing instructions, and comments.
PROLOG_SKIPPED = (("<?", "?>"), ("<!--", "-->"))
DOCTYPE_OPENING = "<!DOCTYPE"
# Without a byte-order mark, how "<" starts a file in a wide encoding (XML 1.0, appendix F).
WIDE_ENCODING_STARTS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
ENCODING_DECLARATION = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.-]*)["']""")


class WXRError(Exception):
    """A file that cannot be imported, with where in it the trouble is."""

    def __init__(self, message, line=None, column=None):
        self.message, self.line, self.column = message, line, column
        where = ""
        if line is not None:
            where = f" (line {line}" + (f", column {column}" if column is not None else "") + ")"
        super().__init__(message + where)


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""
    version_line: int | None = None
    uses_wp_namespace: bool = False
    # The theme's menu locations (location → menu term id), PHP-serialized, if written.
    nav_menu_locations: str = ""


@dataclass
class Author:
    login: str
    line: int
    wp_id: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category, tag or other taxonomy term defined at the channel level."""

    taxonomy: str
    slug: str
    name: str
    line: int
    parent: str = ""
    description: str = ""
    term_id: int = 0


@dataclass
class Comment:
    wp_id: int
    line: int
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int = 0
    user_id: int = 0


@dataclass
class ItemTerm:
    domain: str
    nicename: str
    name: str


@dataclass
class Item:
    """A post, page, attachment or any other post type, with its comments."""

    line: int
    title: str = ""
    link: str = ""
    pub_date: str = ""
    creator: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    wp_id: int | None = None
    post_date: str = ""
    post_date_gmt: str = ""
    comment_status: str = ""
    ping_status: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: int = 0
    menu_order: int = 0
    post_type: str = ""
    password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


class _Names:
    """Qualified lxml tags → short names ("wp:post_id", "title"), or None for foreign ones."""

    def __init__(self):
        self._cache = {}
        self.saw_wp = False

    def __call__(self, tag):
        if not isinstance(tag, str):
            return None  # comments and processing instructions
        try:
            return self._cache[tag]
        except KeyError:
            pass
        if tag.startswith("{"):
            uri, local = tag[1:].split("}", 1)
            if WP_NAMESPACE.match(uri):
                name = "wp:" + local
                self.saw_wp = True
            elif EXCERPT_NAMESPACE.match(uri):
                name = "excerpt:" + local
            elif CONTENT_NAMESPACE.match(uri):
                name = "content:" + local
            elif DC_NAMESPACE.match(uri):
                name = "dc:" + local
            else:
                name = None
        else:
            name = tag
        self._cache[tag] = name
        return name


def _text(element):
    """All the text of an element: CDATA sections, split or not, come back joined."""
    return "".join(element.itertext())


def _number(text, element_name, line, default=0):
    """A whole number such as an id, or `default` for anything else; one the database
    cannot keep stops the import with where it is."""
    value = (text or "").strip()
    if not (value.isascii() and value.isdigit()):
        return default
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
        shown = digits if len(digits) <= 30 else digits[:30] + "…"
        raise WXRError(
            f"Number out of range in <{element_name}>: {shown} (at most {MAX_NUMBER})", line
        )
    return int(digits)


def _chunks(file):
    while chunk := file.read(PROLOG_CHUNK):
        yield chunk


def _encoding(head):
    """The encoding an XML parser reads a file in, from its first bytes: a byte-order
    mark, else how a wide encoding starts, else the XML declaration, else UTF-8."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for start, encoding in WIDE_ENCODING_STARTS:
        if head.startswith(start):
            return encoding
    declaration = ENCODING_DECLARATION.match(head)
    return declaration.group(1).decode("ascii") if declaration else "utf-8"


def _decoded(chunks):
    """A file's chunks as text, decoded as a parser would, or None for an encoding
    Python does not know (the parser's own check at the root then holds)."""
    head = next(chunks, b"")
    if isinstance(head, str):
        return itertools.chain([head], chunks)
    encoding = _encoding(head)
    try:
        b"<".decode(encoding, "replace")  # known, and a text encoding (not base64)
    except LookupError:
        return None
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return itertools.chain(
        [decoder.decode(head)],
        (decoder.decode(chunk) for chunk in chunks),
        [decoder.decode(b"", final=True)],
    )


def _refuse_doctype_in(file):
    """Raise WXRError for a DOCTYPE before the root element, or for a file of whitespace.

    Reads no further than the root element's "<", keeping only the part of the
    text not yet looked at, so a long comment costs no memory.
    """
    text_chunks = _decoded(_chunks(file))
    if text_chunks is None:
        return
    pending, line, closing, saw_markup = "", 1, None, False
    for chunk in text_chunks:
        pending += chunk
        while pending:
            if closing:  # inside a comment or processing instruction: skip to its end
                end = pending.find(closing)
                if end < 0:
                    cut = max(len(pending) - len(closing) + 1, 0)  # the end may be split
                    line += pending.count("\n", 0, cut)
                    pending = pending[cut:]
                    break
                end += len(closing)
                line += pending.count("\n", 0, end)
                pending, closing = pending[end:], None
                continue
            rest = pending.lstrip(XML_WHITESPACE)
            line += pending.count("\n", 0, len(pending) - len(rest))
            pending = rest
            if not pending:
                break
            saw_markup = True
            opening = next((pair for pair in PROLOG_SKIPPED if pending.startswith(pair[0])), None)
            if opening:
                pending, closing = pending[len(opening[0]) :], opening[1]
                continue
            head = pending[: len(DOCTYPE_OPENING)].upper()
            if head == DOCTYPE_OPENING:
                raise WXRError(DOCTYPE_REFUSED, line)
            if len(head) < len(DOCTYPE_OPENING) and any(
                token.startswith(head) for token in (DOCTYPE_OPENING, *dict(PROLOG_SKIPPED))
            ):
                break  # too little read to tell
            return  # the root element (or text the parser will refuse)
    if not saw_markup:
        raise WXRError("The file is empty")


class WXRReader:
    """Iterate over a WXR file's authors, terms and items; `channel` fills in as it goes.

    >>> reader = WXRReader(path)
    >>> for record in reader: ...
    >>> reader.channel.version
    """

    def __init__(self, source):
        self.source = source
        self.channel = Channel()
        self.name = _Names()

    def __iter__(self):
        self._refuse_doctype()
        depth = 0
        root_seen = channel_seen = False
        # libxml2 calls a namespace URI with non-ASCII characters (an IRI, which real
        # exports use) an error and stops. In recovery mode it carries on, and every
        # other error is raised here, at the first event after it, so a file that is
        # not well-formed is still refused with its line and column.
        events = etree.iterparse(
            self.source,
            events=("start", "end"),
            recover=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
        )
        self._errors_seen = 0
        try:
            for event, element in events:
                self._raise_parse_errors(events)
                if event == "start":
                    depth += 1
                    if depth == 1:
                        root_seen = element.sourceline
                        if element.getroottree().docinfo.doctype:
                            raise WXRError(DOCTYPE_REFUSED)
                        if self.name(element.tag) != "rss":
                            raise WXRError(
                                f"Not a WordPress export: the root element is "
                                f"<{element.tag}>, not <rss>",
                                element.sourceline,
                            )
                    elif depth == 2 and self.name(element.tag) == "channel":
                        channel_seen = True
                    continue
                depth -= 1
                if depth == 2 and self.name(element.getparent().tag) == "channel":
                    record = self._record(element)
                    element.clear(keep_tail=False)
                    parent = element.getparent()
                    while element.getprevious() is not None:
                        del parent[0]
                    if record is not None:
                        yield record
            self._raise_parse_errors(events)
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (exc.lineno, None)
            line, column = line or None, column or None
            message = re.sub(r", line \d+, column \d+$", "", exc.msg or str(exc))
            raise WXRError(f"Not well-formed XML: {message}", line, column) from exc
        if not root_seen:
            raise WXRError("The file is empty")
        if not channel_seen:
            raise WXRError("Missing required element <channel> in <rss>", root_seen)
        self.channel.uses_wp_namespace = self.name.saw_wp

    TOLERATED_ERRORS = {"WAR_NS_URI", "WAR_NS_URI_RELATIVE"}

    def _raise_parse_errors(self, events):
        log = events.error_log
        if len(log) == self._errors_seen:
            return
        for entry in list(log)[self._errors_seen :]:
            if entry.type_name not in self.TOLERATED_ERRORS:
                raise WXRError(f"Not well-formed XML: {entry.message}", entry.line, entry.column)
        self._errors_seen = len(log)

    def _refuse_doctype(self):
        """WXR never carries a DTD; one that does is refused before parsing (entity bombs)."""
        if hasattr(self.source, "read"):
            position = self.source.tell()
            try:
                _refuse_doctype_in(self.source)
            finally:
                self.source.seek(position)
        else:
            with open(self.source, "rb") as file:
                _refuse_doctype_in(file)

    def _record(self, element):
        name = self.name(element.tag)
        if name == "item":
            return self._item(element)
        if name == "wp:author":
            return self._author(element)
        if name == "wp:category":
            return self._category(element)
        if name == "wp:tag":
            return self._tag(element)
        if name == "wp:term":
            return self._term(element)
        if name == "wp:wxr_version":
            self._version(element)
        elif name in {"title", "link", "description", "language"}:
            setattr(self.channel, name, _text(element).strip())
        elif name in {"wp:base_site_url", "wp:base_blog_url", "wp:nav_menu_locations"}:
            setattr(self.channel, name[3:], _text(element).strip())
        return None

    def _version(self, element):
        version = _text(element).strip()
        if version not in SUPPORTED_VERSIONS:
            raise WXRError(
                f"Unsupported WXR version {version!r} in <wp:wxr_version> "
                f"(this importer reads {', '.join(SUPPORTED_VERSIONS)})",
                element.sourceline,
            )
        self.channel.version = version
        self.channel.version_line = element.sourceline

    def _children(self, element):
        """{short name: text} of an element's children; the first of a repeated name wins."""
        values = {}
        for child in element:
            name = self.name(child.tag)
            if name is not None and name not in values:
                values[name] = _text(child)
        return values

    @staticmethod
    def _require(values, name, element_name, line):
        value = values.get(name, "").strip()
        if not value:
            raise WXRError(f"Missing required element <{name}> in <{element_name}>", line)
        return value

    def _author(self, element):
        values = self._children(element)
        return Author(
            login=self._require(values, "wp:author_login", "wp:author", element.sourceline),
            line=element.sourceline,
            wp_id=values.get("wp:author_id", "").strip(),
            email=values.get("wp:author_email", "").strip(),
            display_name=values.get("wp:author_display_name", "").strip(),
            first_name=values.get("wp:author_first_name", "").strip(),
            last_name=values.get("wp:author_last_name", "").strip(),
        )

    def _category(self, element):
        values = self._children(element)
        slug = values.get("wp:category_nicename", "").strip()
        name = values.get("wp:cat_name", "").strip()
        if not slug and not name:
            raise WXRError(
                "Missing required element <wp:category_nicename> in <wp:category>",
                element.sourceline,
            )
        return Term(
            taxonomy="category",
            slug=slug,
            name=name or slug,
            line=element.sourceline,
            parent=values.get("wp:category_parent", "").strip(),
            description=values.get("wp:category_description", ""),
            term_id=self._term_id(values, element),
        )

    def _tag(self, element):
        values = self._children(element)
        slug = values.get("wp:tag_slug", "").strip()
        name = values.get("wp:tag_name", "").strip()
        if not slug and not name:
            raise WXRError("Missing required element <wp:tag_slug> in <wp:tag>", element.sourceline)
        return Term(
            taxonomy="post_tag",
            slug=slug,
            name=name or slug,
            line=element.sourceline,
            description=values.get("wp:tag_description", ""),
            term_id=self._term_id(values, element),
        )

    def _term(self, element):
        values = self._children(element)
        taxonomy = self._require(values, "wp:term_taxonomy", "wp:term", element.sourceline)
        slug = values.get("wp:term_slug", "").strip()
        name = values.get("wp:term_name", "").strip()
        if not slug and not name:
            raise WXRError(
                "Missing required element <wp:term_slug> in <wp:term>", element.sourceline
            )
        return Term(
            taxonomy=taxonomy,
            slug=slug,
            name=name or slug,
            line=element.sourceline,
            parent=values.get("wp:term_parent", "").strip(),
            description=values.get("wp:term_description", ""),
            term_id=self._term_id(values, element),
        )

    @staticmethod
    def _term_id(values, element):
        """The term's id in the file: menu items name categories and tags by it."""
        return _number(values.get("wp:term_id"), "wp:term_id", element.sourceline)

    def _item(self, element):
        item = Item(line=element.sourceline)
        seen = set()
        for child in element:
            name = self.name(child.tag)
            if name is None:
                continue
            if name == "category":
                domain = child.get("domain")
                if domain:  # WXR 1.0 repeats each term without a domain: ignore those
                    nicename = (child.get("nicename") or "").strip()
                    item.terms.append(ItemTerm(domain, nicename, _text(child).strip()))
            elif name == "wp:postmeta":
                meta = self._children(child)
                key = meta.get("wp:meta_key", "").strip()
                if key in KEPT_META and key not in item.meta:
                    value = meta.get("wp:meta_value", "").strip()
                    if key == "_thumbnail_id":  # an attachment's id: a number or nothing
                        value = str(_number(value, "wp:meta_value", child.sourceline) or "")
                    item.meta[key] = value
            elif name == "wp:comment":
                item.comments.append(self._comment(child))
            elif name not in seen:
                seen.add(name)
                self._item_field(item, name, _text(child), child.sourceline)
        return item

    _ITEM_TEXT_FIELDS = {
        "title": "title",
        "link": "link",
        "pubDate": "pub_date",
        "dc:creator": "creator",
        "guid": "guid",
        "wp:post_date": "post_date",
        "wp:post_date_gmt": "post_date_gmt",
        "wp:comment_status": "comment_status",
        "wp:ping_status": "ping_status",
        "wp:post_name": "post_name",
        "wp:status": "status",
        "wp:post_type": "post_type",
        "wp:post_password": "password",
        "wp:attachment_url": "attachment_url",
    }

    def _item_field(self, item, name, text, line):
        if name == "content:encoded":
            item.content = text
        elif name == "excerpt:encoded":
            item.excerpt = text
        elif name == "wp:post_id":
            item.wp_id = _number(text, name, line, None)
        elif name == "wp:post_parent":
            item.post_parent = _number(text, name, line)
        elif name == "wp:menu_order":
            item.menu_order = _number(text, name, line)
        elif name == "wp:author":  # some hand-made files name the author this way
            item.creator = item.creator or text.strip()
        elif name == "wp:is_sticky":
            item.is_sticky = text.strip() == "1"
        elif name in self._ITEM_TEXT_FIELDS:
            # Passwords are kept exactly; everything else loses surrounding whitespace.
            value = text if name == "wp:post_password" else text.strip()
            setattr(item, self._ITEM_TEXT_FIELDS[name], value)

    def _comment(self, element):
        values = self._children(element)
        line = element.sourceline
        wp_id = _number(values.get("wp:comment_id"), "wp:comment_id", line, None)
        if wp_id is None:
            raise WXRError(
                "Missing required element <wp:comment_id> in <wp:comment>", element.sourceline
            )
        return Comment(
            wp_id=wp_id,
            line=element.sourceline,
            author=values.get("wp:comment_author", "").strip(),
            author_email=values.get("wp:comment_author_email", "").strip(),
            author_url=values.get("wp:comment_author_url", "").strip(),
            author_ip=values.get("wp:comment_author_IP", "").strip(),
            date=values.get("wp:comment_date", "").strip(),
            date_gmt=values.get("wp:comment_date_gmt", "").strip(),
            content=values.get("wp:comment_content", ""),
            approved=values.get("wp:comment_approved", "1").strip() or "1",
            type=values.get("wp:comment_type", "").strip(),
            parent=_number(values.get("wp:comment_parent"), "wp:comment_parent", line),
            user_id=_number(values.get("wp:comment_user_id"), "wp:comment_user_id", line),
        )
