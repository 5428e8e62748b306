"""Trackbacks in: `POST <permalink>trackback/`, as the TrackBack specification has it.

The sender posts a form (`url` required; `title`, `excerpt`, `blog_name`)
and reads back `<error>0</error>`, or `<error>1</error>` with a message. The
form is decoded here, not by Django, so that the charset the sender declares
(in Content-Type, or in a `charset` field as some old clients send it) is
honoured, and a body that does not decode is refused rather than mangled.
Only the charsets a browser sends forms in are taken: Python also has
codecs such as punycode, idna, undefined or unicode_escape, which decode
no web page and can yield text no database stores.

A trackback is not verified (the specification has no way to), so what it
says is kept short, without the NUL characters PostgreSQL refuses, and
passes the same moderation as a comment.

More than `incoming.PINGS_PER_MINUTE` trackback POSTs from one address in a
minute, refused ones included, are answered `<error>1</error>` with HTTP 429
and Retry-After, before the form is read.
"""

import codecs
import re
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.csrf import csrf_exempt

from comments import moderation
from comments.models import Comment
from core.sanitize import plain_text, sanitize_comment_html

from . import incoming

MAX_TITLE = 250
MAX_EXCERPT = 300
MAX_BLOG_NAME = 100
# Only this much of a field is looked at: enough for any real excerpt, and it
# keeps stripping tags from a huge one cheap.
MAX_FIELD_READ = 20_000
MAX_FIELDS = 20
ACCEPTED_TYPES = {"", "application/x-www-form-urlencoded", "text/plain"}
# The WHATWG Encoding Standard's charsets that Python decodes, by Python's codec names.
WEB_CHARSETS = frozenset(
    ["utf-8", "utf-16", "utf-16-be", "utf-16-le", "ascii", "cp866", "koi8-r", "koi8-u",
     "mac-roman", "mac-cyrillic", "cp874", "gbk", "gb2312", "gb18030", "big5", "big5hkscs",
     "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr"]
    + [f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16)]
    + [f"cp{n}" for n in range(1250, 1259)]
)  # fmt: skip
RETRY_AFTER_SECONDS = 60
# What XML 1.0 cannot carry, even escaped: a message quoting the sender must lose it.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TrackbackError(Exception):
    """A trackback that cannot be taken; the message goes back to the sender."""


def answer(message=None, *, status=200):
    """The specification's XML answer: success, or an error with its message."""
    if message is None:
        body = "<error>0</error>"
    else:
        body = f"<error>1</error>\n<message>{escape(NOT_XML.sub('', message))}</message>"
    response = HttpResponse(
        f'<?xml version="1.0" encoding="utf-8"?>\n<response>\n{body}\n</response>\n',
        content_type="text/xml; charset=utf-8",
        status=status,
    )
    if status == 405:
        response["Allow"] = "POST"
    if status == 429:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@csrf_exempt
def receive(request, year, month, day, slug):
    if request.method != "POST":
        return answer("TrackBacks must be sent with POST.", status=405)
    if incoming.over_rate_limit(request, Comment.Kind.TRACKBACK):
        return answer("Too many trackbacks from your address; try again in a minute.", status=429)
    post = incoming.published_post_at(year, month, day, slug)
    if post is None:
        return answer("There is no post at this address.")
    try:
        fields = read_form(request)
        ping = build_ping(post, fields, request)
    except TrackbackError as exc:
        return answer(str(exc))
    if refused := moderation.admit(ping):
        return answer(refused.message)
    return answer()


def read_form(request):
    """The form fields as text, decoded in the sender's charset."""
    if request.content_type not in ACCEPTED_TYPES:
        raise TrackbackError("Send the trackback as application/x-www-form-urlencoded.")
    try:
        raw = request.body
    except RequestDataTooBig as exc:
        raise TrackbackError("The trackback is too large.") from exc
    try:
        # Latin-1 maps each byte to one character and back, so the bytes the
        # sender meant survive until the real charset is known.
        pairs = parse_qsl(
            raw.decode("latin-1"),
            keep_blank_values=True,
            encoding="latin-1",
            max_num_fields=MAX_FIELDS,
        )
    except ValueError as exc:
        raise TrackbackError("The trackback has too many fields.") from exc
    fields = {}
    for name, value in pairs:
        fields.setdefault(name, value.encode("latin-1"))
    charset = declared_charset(request, fields)
    try:
        return {name: value.decode(charset) for name, value in fields.items()}
    except UnicodeDecodeError as exc:
        raise TrackbackError(f"The trackback is not valid {charset} text.") from exc


def declared_charset(request, fields):
    charset = request.content_params.get("charset") or fields.get("charset", b"").decode(
        "ascii", "replace"
    )
    charset = (charset or "utf-8").strip().strip("\"'")
    try:
        if len(charset) > 40 or codecs.lookup(charset).name not in WEB_CHARSETS:
            raise LookupError(charset)
    except (LookupError, ValueError) as exc:  # ValueError: a NUL in the name
        raise TrackbackError(f"Unknown charset “{charset[:40]}”.") from exc
    return charset


def build_ping(post, fields, request):
    url = fields.get("url", "").strip()
    if not url:
        raise TrackbackError("No URL given: the url field is required.")
    if len(url) > incoming.MAX_SOURCE_URL:
        raise TrackbackError(f"The url is longer than {incoming.MAX_SOURCE_URL} characters.")
    if not incoming.is_web_url(url):
        raise TrackbackError("The url is not a valid http or https URL.")

    title = short_text(fields.get("title", ""), MAX_TITLE) or url
    excerpt = short_text(fields.get("excerpt", ""), MAX_EXCERPT)
    blog_name = short_text(fields.get("blog_name", ""), MAX_BLOG_NAME)

    ping = incoming.new_ping(
        post, Comment.Kind.TRACKBACK, source_url=url, **incoming.sent_by(request)
    )
    ping.author_name = blog_name or urlsplit(url).hostname
    body = format_html("<p><strong>{}</strong></p>", title)
    if excerpt:
        body += format_html("<p>{}</p>", excerpt)
    ping.body = sanitize_comment_html(body)
    return ping


def short_text(value, limit):
    """A field as plain text of at most `limit` characters, storable as it is."""
    text = plain_text(incoming.storable(value[:MAX_FIELD_READ]))
    return Truncator(text).chars(limit, truncate="…")
