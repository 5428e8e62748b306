"""The oEmbed providers whose links become embeds, and where each may frame its player.

A provider's answer is never trusted for more than an address: its player's
`src`, kept only when it is on a host this list names for that provider (or,
for a Mastodon server and a provider found by discovery, on the linked page's
own host). The player address is rebuilt from that, never copied as HTML.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings

SAME_HOST = "same host as the page"


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    pages: tuple  # compiled patterns of the page URLs it embeds
    endpoint: str  # its oEmbed endpoint; "{origin}" stands for the page's own origin
    frame_hosts: tuple = (SAME_HOST,)
    # Query parameters of the player address worth keeping, and those to add.
    keep_query: tuple = ()
    add_query: dict = field(default_factory=dict)
    discovered: bool = False

    def matches(self, url):
        return any(pattern.match(url) for pattern in self.pages)

    def endpoint_for(self, url):
        parts = urlsplit(url)
        return self.endpoint.replace("{origin}", f"{parts.scheme}://{parts.netloc}")

    def player(self, page_url, src):
        """The player address to frame for `src` (from the answer), or None if not allowed."""
        page, frame = urlsplit(page_url), urlsplit(src or "")
        if frame.scheme not in {"https", page.scheme} or not frame.hostname:
            return None
        allowed = {page.netloc.lower() if h == SAME_HOST else h for h in self.frame_hosts}
        if frame.netloc.lower() not in allowed:
            return None
        return self.rewrite(frame)

    def rewrite(self, frame):
        query = [(k, v) for k, v in parse_qsl(frame.query) if k in self.keep_query]
        query += list(self.add_query.items())
        encoded = f"?{urlencode(query)}" if query else ""
        return f"{frame.scheme}://{frame.netloc}{frame.path}{encoded}"


class YouTube(Provider):
    """Players from youtube-nocookie.com, which sets no cookie until the video plays."""

    def rewrite(self, frame):
        found = re.match(r"^/embed/([\w-]{6,20})$", frame.path)
        if not found:
            return None
        return f"https://www.youtube-nocookie.com/embed/{found.group(1)}?autoplay=1"


def _patterns(*expressions):
    return tuple(re.compile(expression, re.IGNORECASE) for expression in expressions)


BUILT_IN = (
    YouTube(
        slug="youtube",
        name="YouTube",
        pages=_patterns(
            r"^https?://(?:www\.|m\.)?youtube\.com/watch\?(?:[^#]*&)?v=[\w-]{6,20}(?:[&#]|$)",
            r"^https?://(?:www\.|m\.)?youtube\.com/(?:shorts|live|embed)/[\w-]{6,20}(?:[?#]|$)",
            r"^https?://youtu\.be/[\w-]{6,20}(?:[?#]|$)",
        ),
        endpoint="https://www.youtube.com/oembed",
        frame_hosts=("www.youtube.com", "youtube.com", "www.youtube-nocookie.com"),
    ),
    Provider(
        slug="vimeo",
        name="Vimeo",
        pages=_patterns(r"^https?://(?:www\.)?vimeo\.com/(?:[\w-]+/)*\d+(?:[/?#]|$)"),
        endpoint="https://vimeo.com/api/oembed.json",
        frame_hosts=("player.vimeo.com",),
        keep_query=("h",),
        add_query={"dnt": "1", "autoplay": "1"},
    ),
    Provider(
        slug="soundcloud",
        name="SoundCloud",
        pages=_patterns(r"^https?://(?:www\.|m\.)?soundcloud\.com/[\w-]+/[\w-]+"),
        endpoint="https://soundcloud.com/oembed",
        frame_hosts=("w.soundcloud.com",),
        keep_query=("url", "visual", "show_artwork"),
        add_query={"auto_play": "true"},
    ),
    Provider(
        slug="spotify",
        name="Spotify",
        pages=_patterns(
            r"^https?://open\.spotify\.com/(?:intl-[\w-]+/)?"
            r"(?:track|album|playlist|episode|show|artist)/\w+"
        ),
        endpoint="https://open.spotify.com/oembed",
        frame_hosts=("open.spotify.com",),
        keep_query=("utm_source",),
    ),
    Provider(
        slug="mastodon",
        name="Mastodon",
        # A post on any server: https://<server>/@<account>/<id>
        pages=_patterns(r"^https?://[a-z0-9.-]+(?::\d+)?/@\w+(?:@[a-z0-9.-]+)?/\d+/?$"),
        endpoint="{origin}/api/oembed",
    ),
)


def enabled():
    """The built-in providers the EMBED_PROVIDERS setting names, in this order."""
    wanted = set(settings.EMBED_PROVIDERS)
    return [provider for provider in BUILT_IN if provider.slug in wanted]


def for_url(url):
    """The allowed provider that embeds `url`, or None."""
    return next((provider for provider in enabled() if provider.matches(url)), None)


def discovered(endpoint):
    """A provider found through a page's oEmbed discovery link: players on that page's host,
    framed in a sandbox."""
    return Provider(
        slug="discovered",
        name=urlsplit(endpoint).hostname or "",
        pages=(),
        endpoint=endpoint,
        discovered=True,
    )
