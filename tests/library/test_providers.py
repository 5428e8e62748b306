"""Which links each allowed provider embeds, and which player addresses it may frame."""

import pytest

from library import providers


@pytest.mark.parametrize(
    "url, slug",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"),
        ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "youtube"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube"),
        ("https://vimeo.com/76979871", "vimeo"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo"),
        ("https://soundcloud.com/forss/flickermood", "soundcloud"),
        ("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "spotify"),
        ("https://open.spotify.com/intl-de/album/1DFixLWuPkv3KT3TnV35m3", "spotify"),
        ("https://mastodon.social/@Gargron/109326567734585950", "mastodon"),
        ("https://example.org/@alice@other.example/1234", "mastodon"),
        ("https://example.com/video", None),
        ("https://www.youtube.com/", None),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
        ("https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ", None),
        ("https://vimeo.com/about", None),
        ("https://open.spotify.com/", None),
    ],
)
def test_each_link_finds_its_provider(url, slug):
    provider = providers.for_url(url)
    assert (provider.slug if provider else None) == slug


def test_providers_left_out_of_the_setting_embed_nothing(settings):
    settings.EMBED_PROVIDERS = ["vimeo"]
    assert providers.for_url("https://youtu.be/dQw4w9WgXcQ") is None
    assert providers.for_url("https://vimeo.com/76979871").slug == "vimeo"


def provider(slug):
    return next(p for p in providers.BUILT_IN if p.slug == slug)


@pytest.mark.parametrize(
    "slug, page, src, player",
    [
        (
            "youtube",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        ("youtube", "https://youtu.be/x", "https://www.youtube.com/watch?v=x", None),
        ("youtube", "https://youtu.be/x", "http://www.youtube.com/embed/dQw4w9WgXcQ", None),
        (
            "vimeo",
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?h=8272103f6e&app_id=122963",
            "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1&autoplay=1",
        ),
        ("vimeo", "https://vimeo.com/1", "https://vimeo.evil.example/video/1", None),
        (
            "soundcloud",
            "https://soundcloud.com/forss/flickermood",
            "https://w.soundcloud.com/player/?visual=true&url=https%3A%2F%2Fapi.soundcloud.com"
            "%2Ftracks%2F293&show_artwork=true&tracker=1",
            "https://w.soundcloud.com/player/?visual=true&url=https%3A%2F%2Fapi.soundcloud.com"
            "%2Ftracks%2F293&show_artwork=true&auto_play=true",
        ),
        (
            "spotify",
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
            "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC?utm_source=oembed",
            "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC?utm_source=oembed",
        ),
        (
            "mastodon",
            "https://mastodon.social/@Gargron/1",
            "https://mastodon.social/@Gargron/1/embed",
            "https://mastodon.social/@Gargron/1/embed",
        ),
        ("mastodon", "https://mastodon.social/@Gargron/1", "https://evil.example/embed", None),
    ],
)
def test_only_players_on_the_providers_own_hosts_are_framed(slug, page, src, player):
    assert provider(slug).player(page, src) == player
