"""The export's bytes, from a file or (for feeds) a URL, never more than the import reads.

An export is read whole, so its size is bounded before reading: `IMPORT_MAX_BYTES`
(100 MB unless the settings say otherwise). A URL is fetched only through the one
outgoing client, `core.fetch`: public addresses only, one deadline, the same bound.
"""

import os
import re

from django.conf import settings

from core import fetch

from .records import FormatError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# Seconds for a whole feed download: a slow host, never a stuck command.
FETCH_TIMEOUT = 30
URL = re.compile(r"^https?://", re.IGNORECASE)


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def is_url(value):
    return bool(URL.match(value or ""))


def read(path_or_url, *, urls=False):
    """The bytes of a file, or of a URL when `urls` allows them; FormatError if too big."""
    if urls and is_url(path_or_url):
        return _fetched(path_or_url)
    limit = max_bytes()
    try:
        size = os.path.getsize(path_or_url)
        if size > limit:
            raise FormatError(
                f"The file is {_size(size)}, more than the {_size(limit)} an import reads "
                "(IMPORT_MAX_BYTES in the settings)"
            )
        with open(path_or_url, "rb") as source:
            return source.read(limit + 1)
    except OSError as exc:
        raise FormatError(f"Cannot read the file: {exc.strerror or exc}") from exc


def _fetched(url):
    limit = max_bytes()
    try:
        response = fetch.fetch(url, max_bytes=limit, timeout=FETCH_TIMEOUT)
    except fetch.FetchError as exc:
        raise FormatError(f"Cannot fetch {url}: {exc}") from exc
    if not response.ok:
        raise FormatError(f"Cannot fetch {url}: HTTP {response.status}")
    if response.truncated:
        raise FormatError(
            f"{url} is larger than the {_size(limit)} an import reads "
            "(IMPORT_MAX_BYTES in the settings)"
        )
    return response.body


def _size(n):
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB"
