"""Purging front-end caches (Varnish, a CDN) by key, after the change committed.

The page cache moves the changed keys in the app's own cache at once
(core/pagecache.py); front-end caches keep their copies until told. Each URL in
FRONTEND_CACHE_URLS gets one `PURGE` request naming the keys in `xkey-purge`
(what deploy/varnish/blogsite.vcl reads). A cache that does not answer with 200
is asked again by a task of its own, later, up to PURGE_ATTEMPTS times: a purge
lost on the way is retried. Without the setting nothing is sent.

These are the operator's own caches, usually on loopback or a private network,
so the requests go straight through httpx with a short timeout, not through
core.fetch (which refuses private addresses, as it must for addresses readers
give it).
"""

import logging
from datetime import timedelta

import httpx
from django.conf import settings
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

PURGE_ATTEMPTS = 5
PURGE_TIMEOUT = 3.0
# Seconds before attempt n + 1: 2, 4, 8, 16.
RETRY_BASE = 2
KEYS_HEADER = "xkey-purge"


def front_ends():
    return [url for url in getattr(settings, "FRONTEND_CACHE_URLS", ()) if url]


def purge_front_ends(keys):
    """Queue one purge of `keys` per front-end cache (called once the change committed)."""
    keys = sorted(keys)
    for url in front_ends():
        try:
            purge_keys.enqueue(url, keys, 1)
        except Exception:
            # The change has committed; a queue that is away must not undo the request.
            logger.exception("could not queue the purge of %s at %s", keys, url)


def send_purge(url, keys):
    """One PURGE of `keys` at `url`; True when the cache confirmed it."""
    try:
        answer = httpx.request(
            "PURGE", url, headers={KEYS_HEADER: " ".join(keys)}, timeout=PURGE_TIMEOUT
        )
    except httpx.HTTPError as exc:
        logger.warning("purge of %s at %s failed: %s", keys, url, exc)
        return False
    if answer.status_code != 200:
        logger.warning("purge of %s at %s answered %s", keys, url, answer.status_code)
        return False
    return True


@task
def purge_keys(url, keys, attempt):
    """Purge `keys` at `url`; on failure queue the next attempt, later."""
    if send_purge(url, keys):
        return True
    if attempt >= PURGE_ATTEMPTS:
        logger.error("gave up purging %s at %s after %s attempts", keys, url, attempt)
        return False
    retry = purge_keys
    if retry.get_backend().supports_defer:
        delay = timedelta(seconds=RETRY_BASE**attempt)
        retry = retry.using(run_after=timezone.now() + delay)
    retry.enqueue(url, keys, attempt + 1)
    return False
