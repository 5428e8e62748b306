"""Rate limits: at most N requests of a kind per key (an address, a user) in a window.

Counts live in the cache (Redis with several app servers), in fixed windows.
A cache that fails costs the limit, not the request: the request is let
through and the failure logged once per process.
"""

import functools
import logging
import time

from django.core.cache import cache
from django.shortcuts import render

from .client import client_ip

logger = logging.getLogger(__name__)
_warned = set()


def allow(scope, key, *, limit, period):
    """Count one more `scope` request for `key`; False once more than `limit` came in
    the current window of `period` seconds."""
    if key is None:
        return True
    window = int(time.time() // period)
    name = f"ratelimit:{scope}:{key}:{window}"
    try:
        if cache.add(name, 1, period + 1):
            return True
        return cache.incr(name) <= limit
    except ValueError:  # the counter expired between add and incr
        return True
    except Exception:
        if scope not in _warned:
            _warned.add(scope)
            logger.exception("rate limit %s not counted: the cache failed", scope)
        return True


def too_many(request, status=429):
    """The page that says to slow down (JSON callers get the same status)."""
    response = render(request, "429.html", status=status)
    response["Retry-After"] = "60"
    return response


def limit_per_address(scope, *, limit, period):
    """View decorator: at most `limit` requests per client address in `period` seconds."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allow(scope, client_ip(request), limit=limit, period=period):
                return too_many(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
