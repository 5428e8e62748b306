"""The blog's own address: every absolute link it hands out starts with SITE_URL.

Feeds, mails, sitemaps, robots.txt, canonical links and structured data, the
WordPress export and account mails all build their links here, so none of them
takes the host from a request's Host header, which the client chooses.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url():
    """SITE_URL without its trailing slash: "https://blog.example.com"."""
    return settings.SITE_URL.rstrip("/")


def absolute(path):
    """`path` ("/2026/01/02/hello/") as a link on this site; a full URL stays as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url()}/{path.lstrip('/')}"


def scheme():
    return urlsplit(settings.SITE_URL).scheme or "http"


def host():
    """The host (and port, if any) of SITE_URL: "blog.example.com", "127.0.0.1:9000"."""
    return urlsplit(settings.SITE_URL).netloc or "localhost"
