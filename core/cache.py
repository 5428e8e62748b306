"""A cache that fails soft: when Redis is away, the site is slower, never down.

Everything the blog keeps in the cache can be recomputed (pages, fragments,
settings, rate-limit counts), so a cache error is answered as a miss: reads
find nothing and writes are dropped. A claim (`add`) fails: a one-time code
must not be usable twice because the cache could not record its use; code
that can do without the check asks `claim()`, which says when it cannot tell. The first
failure is logged, not every one; for a few seconds after it the cache is not
even tried, so a Redis that hangs cannot hold every request for its timeout.

When the cache answers again, the callbacks registered with `on_recovery` run:
the page cache moves its version then (`core/pagecache.py`), because changes
made during the outage could not move it, and pages stored before the outage
must not come back.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Seconds during which a failed cache is left alone before it is tried again.
RETRY_AFTER = 2.0

_recovery_callbacks = []


def on_recovery(callback):
    """Call `callback()` whenever the cache answers again after failing."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)
    return callback


def claim(key, timeout):
    """Record a one-time use of `key`: True if this is the first, False if it was used
    before, None if the cache is failing and cannot tell."""
    from django.core.cache import cache

    if cache.add(key, 1, timeout):
        return True
    return None if getattr(cache, "failing", False) else False


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, with every call turned into a miss while Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._failed_at = None
        self._lock = threading.Lock()

    def _call(self, method, fallback, *args, **kwargs):
        if self._failed_at is not None and not self._answers_again():
            return fallback()
        try:
            return method(*args, **kwargs)
        except ValueError:
            raise  # incr of a missing key: the caller's business, not an outage
        except Exception:
            self._failed(first=self._failed_at is None)
            return fallback()

    def _failed(self, *, first):
        with self._lock:
            self._failed_at = time.monotonic()
        if first:
            logger.warning("The cache is unreachable: serving without it", exc_info=True)

    def _answers_again(self):
        """After a failure: once RETRY_AFTER has passed, a ping; if it answers, the recovery
        callbacks run before the call that found it, so that call already sees their work."""
        failed_at = self._failed_at
        if failed_at is None:
            return True
        if time.monotonic() - failed_at < RETRY_AFTER:
            return False
        try:
            self._cache.get_client(write=True).ping()
        except Exception:
            self._failed(first=False)
            return False
        with self._lock:
            if self._failed_at is None:
                return True
            self._failed_at = None
        logger.warning("The cache answers again")
        for callback in _recovery_callbacks:
            callback()
        return True

    @property
    def failing(self):
        """The cache failed and has not answered since."""
        return self._failed_at is not None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found")

        return self._call(super().incr, missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._call(super().clear, lambda: None)
