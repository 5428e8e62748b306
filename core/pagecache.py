"""The page cache: whole pages for anonymous readers, never stale, invalidated by key.

Keys. Each cached page records the keys of what it shows, and a change moves
only the keys it touches, so a like on one post leaves every page that does not
show that post's likes cached. The names in use (the apps own their meaning):

    post:<id>        a post's own content (title, body, address, excerpt, terms)
    comments:<id>    a post's shown comments, pings and their count
    likes:<id>       a post's likes and their count
    user:<id>        how a person is shown (name, profile)
    home  feed  search  comments                 site-wide lists
    category:<id>  tag:<id>  author:<user id>  archive:<yyyy>  archive:<yyyy-mm>
                     the lists of a term, an author, a year or month (and the term's name)
    widgets  menus  settings                     the parts every full page shows
    all              every page: `changed()` without keys moves it ("everything changed")
    any              pages that declared no keys: every change moves it, so a page
                     nobody keyed is never stale either

Declaring what a page shows: a view calls `shows(request, *keys)` (the reader views
do it in one method each, through `KeyedPageMixin.page_keys()`), and
`valid_until(request, when)` for content that changes by itself at a known time
(a post's comment form closing after N days). Declaring a change: `changed(*keys)`
from the code or signal receiver that knows what changed, or
`watch(Model, keys=lambda instance: [...])` to move those keys whenever a row is
saved or deleted. `changed()` and `watch(Model)` without keys keep meaning
"everything changed": always correct, just coarse, until a model is given its keys.
Bulk writers wrap their work in `one_change()`: every page moves once, at the end.

Adopting keys for a new model, e.g. a media item shown on the posts that embed it:
`watch(MediaItem, keys=lambda item: [f"post:{pk}" for pk in item.post_ids()])`; a new
public view shows what it reads with `shows(request, "menus", f"page:{page.pk}")` (or
`KeyedPageMixin.page_keys`), and the change side moves `page:<id>` on save.

Never stale. Key versions come from one counter in the cache (`CLOCK`), so they
are ordered across app servers. A reader notes the counter before rendering; a
page is stored only if none of its keys moved past it while it was being
rendered, and under the versions it was rendered at. A change moves its keys
when it is made and again once its transaction commits: a reader who read the
old rows during the write finds, on the next request, a version that has moved.
A page valid until a time (`valid_until`, or a scheduled post's publication
registered through `changes_by_itself()`) is a miss from that time on.

Front-end caches. Each page carries its keys in `xkey` (Varnish's xkey vmod) and
`Surrogate-Key` / `Cache-Tag` (CDNs that purge by tag), and its lifetime in
`Surrogate-Control` (`no-store` for a page whose keys moved while it was rendered);
after the commit the changed keys are purged from every cache in
FRONTEND_CACHE_URLS (core/purge.py). With this cache off and no front-end cache,
the middleware steps aside.

Only anonymous GETs are cached. A request with a session (signed-in users,
staff previews, unlocked password-protected posts) or a flash message, any
other method, and any response that sets a cookie or uses a CSP nonce
passes through untouched.
"""

import contextlib
import hashlib
import threading
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import http_date, quote_etag

from . import cache as cache_recovery

ALL, ANY = "all", "any"
SITE_KEYS = ("widgets", "menus", "settings")
SITE_START = (ALL, ANY, *SITE_KEYS, "home", "feed", "search", "comments")
CLOCK = "pagecache:clock"
DUE = "pagecache:due"
TIMEOUT = 24 * 3600
BYPASS_COOKIES = ("sessionid", "messages")
BYPASS_PARAMETERS = ("unapproved", "moderation-hash")
STORED_HEADERS_SKIP = {"set-cookie"}
KEY_HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag")


def now():
    return timezone.now()


def version_key(name):
    return f"pagecache:key:{name}"


# Declaring changes


def changed(*keys, **signal_kwargs):
    """Content a reader could see changed: move these keys (all pages without keys) now,
    and again once the transaction commits, when front-end caches are purged too.

    Usable as a signal receiver: the signal's keyword arguments are ignored, and
    `changed` connected to a signal means "everything changed".
    """
    names = expand(keys)
    if getattr(_batch, "depth", 0):
        return  # `one_change()` moves every page once at its end
    bump(*names)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _after_commit(names)
        return
    pending = next(
        (func for _, func, _ in connection.run_on_commit if isinstance(func, _AfterCommit)), None
    )
    if pending is None:
        pending = _AfterCommit()
        transaction.on_commit(pending, robust=True)
    pending.keys |= names


@contextlib.contextmanager
def one_change():
    """Changes made inside move no key one by one: every page is moved once at the end
    (after the commit when inside a transaction). For bulk writers (a dataset, an
    import), whose thousands of saves would otherwise each move their keys."""
    _batch.depth = getattr(_batch, "depth", 0) + 1
    try:
        yield
    finally:
        _batch.depth -= 1
    if not _batch.depth:
        changed()


_batch = threading.local()


def forget():
    """Move every page without reading any content: the next request works out when
    content next changes by itself. For the end of a migration, which may leave the
    tables at an older schema than the models."""
    cache.set(version_key(ALL), _tick(), None)
    cache.delete(DUE)


def expand(keys):
    """The key set a change moves: its own keys and `any`, or `all` for no keys."""
    names = {str(key) for key in keys if key}
    return names | {ANY} if names else {ALL}


class _AfterCommit:
    """The keys one transaction changed, moved (and purged) once it commits."""

    def __init__(self):
        self.keys = set()

    def __call__(self):
        bump(*self.keys)
        _after_commit(self.keys)


def _after_commit(names):
    from . import purge

    purge.purge_front_ends(names)


def bump(*keys):
    """Move these keys (none: `all`, every page) now; returns the new version.

    Outside the request cycle (an import, a migration) this is the whole story;
    code that changes rows in a transaction calls `changed()` instead.
    """
    names = set(keys) or {ALL}
    version = _tick()
    cache.set_many({version_key(name): version for name in names}, None)
    due = min(filter(None, (source() for source in _timed_changes)), default=None)
    due = (due.timestamp() if due else None,)
    if cache.get(DUE) != due:
        cache.set(DUE, due, None)
    return version


def _tick():
    """The next value of the shared counter every key version is taken from."""
    try:
        return cache.incr(CLOCK)
    except ValueError:
        # A cache that lost the counter starts it past every version it handed out,
        # with the keys nearly every page shows.
        if cache.add(CLOCK, time.time_ns(), None):
            cache.set_many({version_key(name): cache.get(CLOCK) for name in SITE_START}, None)
        try:
            return cache.incr(CLOCK)
        except ValueError:  # a cache that keeps nothing (failing or dummy)
            return time.time_ns()


def versions(names, known=None):
    """The current version of each key.

    A key the cache does not hold (lost, or never moved) gets a new version, past
    the counter any reader noted, so that the page rendered now is not stored: a
    change whose key was lost must not let an older page pass for current.
    """
    names = list(names)
    found = dict(known or {})
    wanted = [version_key(n) for n in names if version_key(n) not in found]
    if wanted:
        found.update(cache.get_many(wanted))
    result = {}
    for name in names:
        value = found.get(version_key(name))
        if value is None:
            cache.add(version_key(name), _tick(), None)
            value = cache.get(version_key(name), 0)
        result[name] = value
    return result


def changes_by_itself(source):
    """Register `source()`: when content next changes with nobody saving anything
    (a scheduled post's time), or None. The apps that have such content call this
    from their `ready()`; every page is a miss from the earliest of those moments."""
    if source not in _timed_changes:
        _timed_changes.append(source)
    return source


_timed_changes = []
# Changes made while the cache was away could not move any key: move them all on its return.
cache_recovery.on_recovery(bump)


def watch(*models, keys=None):
    """Move keys whenever one of these models is saved, deleted or has its
    many-to-many links changed: `keys(instance)`'s (none: nothing shown changed),
    or without `keys`, every page's."""
    for model in models:
        _watch(model, keys)


def _watch(model, keys):
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def moved(instance):
        if keys is None:
            changed()
        elif isinstance(instance, model) and (names := [k for k in keys(instance) if k]):
            changed(*names)

    def on_save(sender, instance, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= {"last_login"}:
            return
        moved(instance)

    def on_delete(sender, instance, **kwargs):
        moved(instance)

    def on_links(sender, instance, action, **kwargs):
        if action.startswith("post_"):
            moved(instance)

    label = model._meta.label
    if keys:
        label += f"-{keys.__module__}.{keys.__qualname__}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"pagecache-{label}")
    post_delete.connect(
        on_delete, sender=model, weak=False, dispatch_uid=f"pagecache-delete-{label}"
    )
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            on_links,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"pagecache-m2m-{label}-{field.name}",
        )


# Declaring what a page shows


def shows(request, *keys):
    """This request's page shows what these keys name (call from the view)."""
    declared = getattr(request, "_pagecache", None)
    if declared is not None:
        declared["keys"].update(str(key) for key in keys if key)


def valid_until(request, when):
    """This request's page changes by itself at `when` (a datetime; None: never)."""
    declared = getattr(request, "_pagecache", None)
    if declared is not None and when is not None:
        stamp = when.timestamp()
        declared["until"] = min(filter(None, (declared["until"], stamp)))


class KeyedPageMixin:
    """For views: `page_keys(context)` names what the page shows, in one place per view;
    full pages also show the site-wide parts (SITE_KEYS)."""

    site_wide = True

    def page_keys(self, context):
        return ()

    def render_to_response(self, context, **kwargs):
        shows(self.request, *(SITE_KEYS if self.site_wide else ()), *self.page_keys(context))
        return super().render_to_response(context, **kwargs)


def for_this_version(key, compute, keys=(ANY,)):
    """`compute()`, kept in this process until one of `keys` moves.

    For page fragments that are the same for every anonymous reader: they are
    rendered once per change of what they show instead of once per request.
    """
    names = {*keys, ALL}
    found = cache.get_many([DUE, *(version_key(name) for name in names)])
    due = found.pop(DUE, (None,))[0]
    if due is not None and now().timestamp() >= due:
        # Content changed by itself (a scheduled post is out): for readers the page
        # cache does not see too (signed in, or with the cache off).
        bump()
        found = {}
    stamp = tuple(sorted(versions(names, known=found).items()))
    memo = _fragments.get(key)
    if memo is None or memo[0] != stamp:
        if len(_fragments) > MAX_FRAGMENTS:
            _fragments.clear()
        memo = _fragments[key] = (stamp, compute())
    return memo[1]


_fragments = {}
MAX_FRAGMENTS = 512


class PageCacheMiddleware:
    """Serve and store anonymous GETs of public pages, each under its keys' versions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request) or not self.anything_caches():
            return self.get_response(request)
        url = self.url(request)
        page_key = f"pagecache:page:{hashlib.sha256(url.encode()).hexdigest()[:32]}"
        found = cache.get_many([page_key, CLOCK, DUE])
        clock = found.get(CLOCK)
        if clock is None or DUE not in found:
            # A cache that lost the counter or the next timed change: start again.
            clock = bump()
            found = {}
        started = now().timestamp()
        due = found.get(DUE, (None,))[0]
        if due is not None and started >= due:
            clock = bump()
            found = {}
        stored = found.get(page_key)
        if stored is not None and self.is_current(stored, started, clock):
            if request.headers.get("If-None-Match") == stored["etag"]:
                return self.not_modified(stored)
            if settings.PAGE_CACHE_ENABLED:
                response = self.rebuild(stored)
                response["X-Page-Cache"] = "hit"
                self.set_lifetime(response, stored["until"], started)
                return response

        request._pagecache = {"keys": set(), "until": due}
        response = self.get_response(request)
        if not self.cacheable_response(response):
            return response
        names = request._pagecache["keys"] or {ANY}
        current = versions(names | {ALL})
        until = request._pagecache["until"]
        entry = {
            "versions": current,
            "clock": clock,
            "until": until,
            "etag": quote_etag(self.tag(url, current)),
        }
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date()
        response.setdefault("Cache-Control", "no-cache")
        keys = " ".join(sorted(current))
        for header in KEY_HEADERS:
            response[header] = keys
        # A key moved while the page was rendered: it may show rows from before the
        # change, so neither this cache nor a front-end one may keep it.
        current_when_done = all(version <= clock for version in current.values())
        if settings.PAGE_CACHE_ENABLED:
            if current_when_done:
                lifetime = TIMEOUT if until is None else int(until - started)
                if lifetime > 0:
                    cache.set(page_key, {**entry, "stored": self.freeze(response)}, lifetime)
            response["X-Page-Cache"] = "miss"
        if current_when_done:
            self.set_lifetime(response, until, started)
        else:
            response["Surrogate-Control"] = "no-store"
        return response

    @staticmethod
    def anything_caches():
        """Only a cache needs the keys' versions: with this one off and no front-end
        cache, the page cache costs a reader nothing."""
        from . import purge

        return settings.PAGE_CACHE_ENABLED or bool(purge.front_ends())

    @staticmethod
    def is_current(stored, started, clock):
        """Whether a stored page still shows what is current: yes at once while the
        counter has not moved since it was rendered (nothing changed anywhere), else
        when none of its keys moved."""
        if stored["until"] is not None and started >= stored["until"]:
            return False
        if stored.get("clock") == clock:
            return True
        return versions(stored["versions"]) == stored["versions"]

    @staticmethod
    def set_lifetime(response, until, started):
        """How long a front-end cache may keep the page: until it changes by itself."""
        seconds = TIMEOUT if until is None else max(int(until - started), 0)
        response["Surrogate-Control"] = f"max-age={seconds}"

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
    def url(request):
        """This page's address: only the query parameters pages read make a page of their
        own; any other (`?utm_source=`, `?x=<random>`) is the same page, so random
        query strings cannot fill the cache or get past it."""
        query = urlencode(
            sorted(
                (name, value)
                for name in settings.PAGE_CACHE_KEY_PARAMETERS
                for value in request.GET.getlist(name)
            )
        )
        return f"{request.get_host()}{request.path}?{query}"

    @staticmethod
    def tag(url, current):
        """This page at these key versions: the ETag."""
        state = ",".join(f"{name}={value}" for name, value in sorted(current.items()))
        return hashlib.sha256(f"{url}|{state}".encode()).hexdigest()[:40]

    @staticmethod
    def freeze(response):
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in STORED_HEADERS_SKIP and name != "X-Page-Cache"
        ]
        return (response.status_code, headers, response.content)

    @staticmethod
    def rebuild(stored):
        from django.http import HttpResponse

        status, headers, content = stored["stored"]
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def not_modified(entry):
        from django.http import HttpResponseNotModified

        response = HttpResponseNotModified()
        response["ETag"] = entry["etag"]
        return response
