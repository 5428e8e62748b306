"""The blog's own address: every absolute link it hands out starts with SITE_URL.

Feeds, mails, sitemaps, robots.txt, canonical links and structured data, the
WordPress export and account mails all build their links here, so none of them
takes the host from a request's Host header, which the client chooses.
"""

import re
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


ROOT_RELATIVE_URL = re.compile(r"""(\s(?:href|src)=["'])/(?!/)""")
SRCSET = re.compile(r"""(\ssrcset=)(["'])(.*?)\2""", re.DOTALL)


def absolute_urls(html):
    """Root-relative links and images in `html` made absolute, as feed readers and mail
    clients need (srcset candidates included)."""
    # The patterns are tried at every space; most bodies have no such link at all.
    if '="/' in html or "='/" in html:
        html = ROOT_RELATIVE_URL.sub(lambda m: f"{m.group(1)}{site_url()}/", html)
    if "srcset=" not in html:
        return html
    return SRCSET.sub(lambda m: m.group(1) + m.group(2) + _srcset(m.group(3)) + m.group(2), html)


def _srcset(value):
    """Each candidate of a srcset ("/a.jpg 300w, /b.jpg 600w") with an absolute URL."""
    candidates = [c.strip().split(None, 1) for c in value.split(",") if c.strip()]
    return ", ".join(
        " ".join([absolute(url) if _root_relative(url) else url, *rest])
        for url, *rest in candidates
    )


def _root_relative(url):
    return url.startswith("/") and not url.startswith("//")
