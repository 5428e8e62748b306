"""The page cache: whole pages for anonymous readers, never stale.

Every key carries the content version. Any change a reader could see moves
the version (`changed()`, called from signal receivers the apps connect), so a
page cached under an older version is simply never asked for again: nothing
has to be hunted down, and several app servers sharing Redis agree at once.
The version moves again when the change commits: a reader who came in while
it was being written read the old rows, and the move after the commit retires
whatever they stored.
Content that changes by itself (a post scheduled for later) moves the version
when its time comes, checked on each request against a timestamp stored beside
the version; the apps say when that is through `changes_by_itself()`.

Only anonymous GETs are cached. A request with a session (signed-in users,
staff previews, unlocked password-protected posts) or a flash message, any
other method, and any response that sets a cookie or uses a CSP nonce
passes through untouched.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import http_date, quote_etag

from . import cache as cache_recovery

VERSION_KEY = "pagecache:version"
TIMEOUT = 24 * 3600
BYPASS_COOKIES = ("sessionid", "messages")
BYPASS_PARAMETERS = ("unapproved", "moderation-hash")
STORED_HEADERS_SKIP = {"set-cookie"}


def now():
    return timezone.now()


def current():
    """(version, changed_at, next_publication): what every cached page is keyed on."""
    state = cache.get(VERSION_KEY)
    if state is None or (state[2] is not None and now().timestamp() >= state[2]):
        state = bump()
    return state


def changed(**kwargs):
    """Content a reader could see changed: move the version now, and again once the
    transaction commits (once per transaction, however many rows it wrote).

    The move after the commit is the one that counts: a reader who came in while
    the change was being written read the old rows, whichever version they saw.
    The move now keeps pages fresh for code that reads its own writes before
    committing.
    """
    bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        func is _bump_now for _, func, _ in connection.run_on_commit
    ):
        transaction.on_commit(_bump_now)


def _bump_now():
    bump()


def bump(**kwargs):
    """Move the content version now (see `changed()` for changes inside a transaction)."""
    due = min(filter(None, (source() for source in _timed_changes)), default=None)
    state = (time.time_ns(), time.time(), due.timestamp() if due else None)
    cache.set(VERSION_KEY, state, None)
    return state


def forget():
    """Drop the content version, so the next request starts a new one. For callers that
    must not read the content now, such as the end of a migration that may have left the
    tables at an older schema than the models."""
    cache.delete(VERSION_KEY)


def for_this_version(key, compute):
    """`compute()`, kept in this process until the content version moves.

    For page fragments that are the same for every anonymous reader: they are
    rendered once per content change instead of once per request.
    """
    version = current()[0]
    if _fragments.get("version") != version or len(_fragments) > MAX_FRAGMENTS:
        _fragments.clear()
        _fragments["version"] = version
    if key not in _fragments:
        _fragments[key] = compute()
    return _fragments[key]


_fragments = {}
MAX_FRAGMENTS = 512


def changes_by_itself(source):
    """Register `source()`: when content next changes with nobody saving anything
    (a scheduled post's time), or None. The apps that have such content call this
    from their `ready()`; the version moves at the earliest of those moments."""
    if source not in _timed_changes:
        _timed_changes.append(source)
    return source


_timed_changes = []
# Changes made while the cache was away could not move the version: move it on its return.
cache_recovery.on_recovery(bump)


def watch(*models):
    """Bump the version whenever one of these models is saved or deleted."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        post_save.connect(_bump_on_save, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"pagecache-delete-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                changed, sender=field.remote_field.through, dispatch_uid=f"pagecache-m2m-{field}"
            )


def _bump_on_save(sender, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    changed()


class PageCacheMiddleware:
    """Serve and store anonymous GETs of public pages under the content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        version, changed_at, _ = current()
        tag = self.tag(request, version)
        key, etag = f"pagecache:page:{tag}", quote_etag(tag)
        if request.headers.get("If-None-Match") == etag:
            return self.not_modified(etag, changed_at)
        if settings.PAGE_CACHE_ENABLED and (stored := cache.get(key)) is not None:
            response = self.rebuild(stored)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(response):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(changed_at)
            response.setdefault("Cache-Control", "no-cache")
            if settings.PAGE_CACHE_ENABLED:
                cache.set(key, self.freeze(response), TIMEOUT)
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and not any(name in request.COOKIES for name in BYPASS_COOKIES)
            and not any(name in request.GET for name in BYPASS_PARAMETERS)
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS)
        )

    @staticmethod
    def cacheable_response(response):
        csp = response.get("Content-Security-Policy", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "'nonce-" not in csp
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def tag(request, version):
        """This page at this content version: the cache key and the ETag.

        Only the query parameters pages read make a page of their own; any other
        (`?utm_source=`, `?x=<random>`) is the same page, so random query strings
        cannot fill the cache or get past it.
        """
        query = urlencode(
            sorted(
                (name, value)
                for name in settings.PAGE_CACHE_KEY_PARAMETERS
                for value in request.GET.getlist(name)
            )
        )
        url = f"{request.get_host()}{request.path}?{query}"
        return f"{version:x}-{hashlib.sha256(url.encode()).hexdigest()[:32]}"

    @staticmethod
    def freeze(response):
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in STORED_HEADERS_SKIP
        ]
        return (response.status_code, headers, response.content)

    @staticmethod
    def rebuild(stored):
        from django.http import HttpResponse

        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def not_modified(etag, changed_at):
        from django.http import HttpResponseNotModified

        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(changed_at)
        return response
