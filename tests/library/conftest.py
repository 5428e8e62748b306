"""Embeds are tested against providers run as real HTTP servers on 127.0.0.1."""

import io
import json
from dataclasses import replace

import pytest
from PIL import Image

from library import providers
from tests.other_blog import (  # noqa: F401  (fixtures)
    other_blog,
    private_addresses_allowed,
    short_timeout,
)

VIDEO_ID = "dQw4w9WgXcQ"
VIDEO_URL = f"https://www.youtube.com/watch?v={VIDEO_ID}"


def picture(width=480, height=360, format="JPEG", color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format)
    return buffer.getvalue()


def youtube_answer(server, *, title="Never Gonna Give You Up", video_id=VIDEO_ID, **fields):
    return {
        "type": "video",
        "version": "1.0",
        "title": title,
        "author_name": "Rick Astley",
        "provider_name": "YouTube",
        "width": 200,
        "height": 113,
        "thumbnail_url": server.url("/vi/hqdefault.jpg"),
        "html": f'<iframe width="200" height="113" src="https://www.youtube.com/embed/{video_id}'
        '?feature=oembed" frameborder="0" allowfullscreen></iframe>',
        **fields,
    }


class FakeYouTube:
    """YouTube's oEmbed endpoint and thumbnail host, played by the local server."""

    def __init__(self, server):
        self.server = server
        self.answer(youtube_answer(server))
        server.page("/vi/hqdefault.jpg", picture(), content_type="image/jpeg")

    def answer(self, data, **options):
        body = json.dumps(data) if isinstance(data, dict) else data
        options.setdefault("content_type", "application/json")
        self.server.page("/oembed", body, **options)

    @property
    def asked(self):
        return len(self.server.requests_to("/oembed"))


@pytest.fixture
def youtube(other_blog, private_addresses_allowed, monkeypatch):  # noqa: F811
    """YouTube as allowlisted, with its oEmbed endpoint on the local server."""
    monkeypatch.setattr(
        providers,
        "BUILT_IN",
        tuple(
            replace(p, endpoint=other_blog.url("/oembed")) if p.slug == "youtube" else p
            for p in providers.BUILT_IN
        ),
    )
    return FakeYouTube(other_blog)
