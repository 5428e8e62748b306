"""Pings out: telling other sites that a post links to them.

When a post is published, and whenever a published post is saved again (an
edit may add or drop links), a background task (django.tasks) looks at the post:

- each http(s) link in its body gets a Webmention, if the linked page names an
  endpoint (`webmention_out.py`), else a pingback, if it names a pingback
  server (the X-Pingback header, else <link rel="pingback">); the page is
  fetched once for both;
- each URL the author listed under "Send trackbacks to" gets a TrackBack POST;
- when the post's content has changed since a Webmention was sent, every page
  it was sent to is sent one again: those the post still links to (they may
  update what they show) and those it no longer links to (they may remove it);
- when a published post stops being public (back to draft, pending or private)
  or is deleted, every page it sent a Webmention to is sent one again, from the
  address it was sent from: the receiver fetches that address, finds it gone
  (404, or 410 for a deleted one: posts/tombstones.py) and removes the response.

Pages are entries as posts are (`Post.entries`): they ping and are re-sent alike.

Every attempt is an `OutgoingPing` row, made before the ping is sent, one per
post and target: a URL is never pinged twice for the same post, and a
Webmention never twice for the same content (`OutgoingPing.content`). All
requests go through `core.fetch`, with its address rules and timeouts;
failures are recorded, never raised, and publishing only ever waits for the
task to be queued (after the transaction commits).
"""

import hashlib
import logging
import xmlrpc.client
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from defusedxml import ElementTree
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.tasks import task
from django.utils import timezone
from django.utils.text import Truncator

from core import fetch
from core.sanitize import plain_text
from core.site_url import absolute
from core.tasks import enqueue_on_commit
from posts.models import Post

from . import pingback, webmention_out
from .models import OutgoingPing

logger = logging.getLogger(__name__)

Kind, Result = OutgoingPing.Kind, OutgoingPing.Result
# Saves that touch none of these cannot change what a post pings.
RELEVANT_FIELDS = {"status", "published_at", "title", "body", "trackback_urls"}
MAX_TARGET = 1000
MAX_EXCERPT = 250
# The content version of a post the public can no longer see: one send per change.
GONE = "gone"


@receiver(post_save, dispatch_uid="pings.outgoing")
def post_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Every save of a post or page (a proxy's save names the proxy as its sender)."""
    if raw or not isinstance(instance, Post):
        return
    if update_fields is not None and not RELEVANT_FIELDS & set(update_fields):
        return
    post_id = instance.pk
    # robust: a queue that cannot be reached is logged, and the save stands.
    transaction.on_commit(lambda: schedule(post_id), robust=True)


@receiver(pre_delete, dispatch_uid="pings.outgoing.deleted")
def post_deleting(sender, instance, **kwargs):
    """A published entry being deleted: its Webmentions are sent again once the deletion
    commits (the rows outlive it, without their post); its other rows go with it."""
    if not isinstance(instance, Post):
        return
    pings = OutgoingPing.objects.filter(post=instance.pk)
    if not instance.is_published:
        pings.delete()
        return
    pings.exclude(kind=Kind.WEBMENTION).delete()
    webmentions = pings.filter(kind=Kind.WEBMENTION)
    webmentions.filter(source_url="").update(source_url=absolute(instance.get_absolute_url()))
    ids = list(webmentions.exclude(content=GONE).values_list("pk", flat=True))
    if ids:
        enqueue_on_commit(send_removals, ids)


def schedule(post_id):
    """Queue `send_pings` for a post that has something left to ping, or a post no longer
    public whose Webmentions have not been told so."""
    post = Post.entries.filter(pk=post_id).first()
    if post is None:
        return None
    if post.status != Post.Status.PUBLISHED:
        if not webmentions_to_resend(post, GONE):
            return None
        return enqueue(send_pings, post_id)
    if not (pending_targets(post) or webmentions_to_resend(post)):
        return None
    job = send_pings
    if post.published_at > timezone.now():
        if not job.get_backend().supports_defer:
            logger.info("pings for scheduled post %s wait for its next save", post_id)
            return None
        job = job.using(run_after=post.published_at)
    return enqueue(job, post_id)


def enqueue(job, *args):
    try:
        return job.enqueue(*args)
    except Exception:
        # Publishing has happened; pings are a courtesy and must not undo it.
        logger.exception("could not queue the pings of %s", args)
        return None


@task
def send_pings(post_id):
    """Ping every target of the post not pinged yet, and send the Webmentions its changed
    content calls for (or, for a post no longer public, its disappearance); returns
    {target: result}."""
    post = Post.entries.filter(pk=post_id).first()
    if post is None or post.is_scheduled:
        return {}
    if not post.is_published:
        return resend(webmentions_to_resend(post, GONE), GONE, post)
    source = absolute(post.get_absolute_url())
    content = content_version(post)
    results = {}
    for target, kind in pending_targets(post):
        attempt = claim(post, target, kind, content)
        if attempt is not None:
            results[target] = attempt_to(attempt, post, source)
    results.update(resend(webmentions_to_resend(post), content, post, source))
    return results


@task
def send_removals(ping_ids):
    """Tell the pages a deleted post sent Webmentions to that it is gone."""
    attempts = OutgoingPing.objects.filter(pk__in=ping_ids, post__isnull=True)
    return resend(attempts.exclude(content=GONE), GONE)


def resend(attempts, content, post=None, source=None):
    """Send each Webmention of `attempts` again for `content`, each once: from `source`, or
    from the address it was last sent from (a post that is gone may have lost its own)."""
    results = {}
    for attempt in attempts:
        if claim_again(attempt, content):
            sent_from = source or attempt.source_url or absolute(post.get_absolute_url())
            results[attempt.target_url] = attempt_to(attempt, post, sent_from)
    return results


def attempt_to(attempt, post, source):
    """Send the ping `attempt` stands for and record how it went; returns the result."""
    target = attempt.target_url
    attempt.source_url = source[:MAX_TARGET]
    try:
        if attempt.kind == Kind.TRACKBACK:
            result, endpoint, message = send_trackback(post, source, target)
        else:
            kind, result, endpoint, message = send_to_page(
                source, target, webmention_only=attempt.kind == Kind.WEBMENTION
            )
            attempt.kind = kind
    except Exception as exc:  # one bad site must not stop the others
        logger.exception("ping from %s to %s failed", source, target)
        result, endpoint, message = Result.FAILED, "", f"unexpected error: {exc!r}"
    attempt.result, attempt.endpoint = result, endpoint[:MAX_TARGET]
    attempt.message, attempt.finished = message[:500], timezone.now()
    attempt.save(update_fields=["kind", "result", "endpoint", "message", "finished", "source_url"])
    return str(result)


def content_version(post):
    """What a Webmention tells its target about: the post's address, title and body."""
    text = "\n".join([post.get_absolute_url(), post.title, post.body])
    return hashlib.sha256(text.encode()).hexdigest()


def claim(post, target, kind, content):
    """The new attempt row for this target, or None if one exists (pinged already)."""
    try:
        with transaction.atomic():
            return OutgoingPing.objects.create(
                post=post, target_url=target, kind=kind, content=content
            )
    except IntegrityError:
        return None


def claim_again(attempt, content):
    """Whether this run is the one to send `attempt` again, for `content` (one run is)."""
    return bool(
        OutgoingPing.objects.filter(pk=attempt.pk)
        .exclude(content=content)
        .update(content=content, result=Result.SENDING, finished=None)
    )


def pending_targets(post):
    """[(url, kind)] not pinged yet: the trackback URLs first, then the links (recorded as
    pingbacks until their page turns out to name a Webmention endpoint)."""
    done = set(post.outgoing_pings.values_list("target_url", flat=True))
    wanted = {}
    for url in trackback_urls(post):
        wanted.setdefault(url, Kind.TRACKBACK)
    for url in links_in(post.body):
        wanted.setdefault(url, Kind.PINGBACK)
    return [(url, kind) for url, kind in wanted.items() if url not in done]


def webmentions_to_resend(post, content=None):
    """The Webmentions sent for other content than `content`, the post's current one
    unless told."""
    content = content or content_version(post)
    return list(post.outgoing_pings.filter(kind=Kind.WEBMENTION).exclude(content=content))


def trackback_urls(post):
    return [url for url in post.trackback_urls.split() if pingable(url)]


def links_in(html):
    """The http(s) links of a post body, in order, without our own pages."""
    collector = _LinkCollector()
    collector.feed(html or "")
    collector.close()
    return [url for url in dict.fromkeys(collector.links) if pingable(url) and not is_ours(url)]


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href:
                self.links.append(href.split("#", 1)[0])


def pingable(url):
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and len(url.encode("utf-8")) <= MAX_TARGET
    )


def is_ours(url):
    """A link to this site: the blog does not ping itself."""
    return pingback.host_and_port(urlsplit(url)) == pingback.host_and_port(urlsplit(absolute("/")))


def send_to_page(source, target, *, webmention_only=False):
    """(kind, result, endpoint, message) of telling a linked page about `source`: by
    Webmention if it names an endpoint, else by pingback (unless `webmention_only`: a page
    that took a Webmention before is not pinged back)."""
    fallback = Kind.WEBMENTION if webmention_only else Kind.PINGBACK
    try:
        page = fetch.fetch(target)
    except fetch.FetchError as exc:
        return fallback, Result.FAILED, "", f"could not read the page: {exc}"
    if not page.ok:
        return (
            fallback,
            Result.FAILED,
            "",
            f"could not read the page: it answered HTTP {page.status}",
        )
    endpoint = webmention_out.endpoint_in(page)
    if endpoint is not None:
        result, message = webmention_out.send(endpoint, source, target)
        return Kind.WEBMENTION, result, endpoint, message
    if webmention_only:
        return fallback, Result.NO_SERVER, "", "the page names no Webmention endpoint any more"
    server = pingback_server_in(page)
    if server is None:
        return (
            fallback,
            Result.NO_SERVER,
            "",
            "the page names no Webmention or pingback server",
        )
    return Kind.PINGBACK, *send_pingback(server, source, target)


def pingback_server_in(page):
    """The pingback server a page names (X-Pingback, then <link rel="pingback">), or None."""
    header = page.headers.get("X-Pingback", "").strip()
    if header:
        return urljoin(page.url, header)
    if "html" not in page.headers.get_content_type():
        return None
    finder = _PingbackLinkFinder()
    finder.feed(page.text())
    finder.close()
    return urljoin(page.url, finder.server) if finder.server else None


class _PingbackLinkFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.server = None

    def handle_starttag(self, tag, attrs):
        if tag != "link" or self.server:
            return
        attributes = dict(attrs)
        if "pingback" in (attributes.get("rel") or "").lower().split():
            self.server = (attributes.get("href") or "").strip() or None


def send_pingback(server, source, target):
    """(result, server, message) of telling `server` that `source` links to `target`."""
    call = xmlrpc.client.dumps((source, target), "pingback.ping")
    try:
        response = fetch.fetch(
            server,
            method="POST",
            data=call.encode("utf-8"),
            headers={"Content-Type": "text/xml; charset=utf-8"},
        )
    except fetch.FetchError as exc:
        return Result.FAILED, server, f"could not reach the pingback server: {exc}"
    if not response.ok:
        return Result.FAILED, server, f"the pingback server answered HTTP {response.status}"
    try:
        (answer,), _ = pingback.loads(response.body)
    except xmlrpc.client.Fault as fault:
        return Result.FAILED, server, f"fault {fault.faultCode}: {fault.faultString}"
    except Exception:
        return Result.FAILED, server, "the pingback server's answer is not XML-RPC"
    return Result.SENT, server, str(answer)


def send_trackback(post, source, url):
    """(result, url, message) of a TrackBack POST to `url`."""
    form = urlencode(
        {
            "url": source,
            "title": post.title,
            "excerpt": Truncator(plain_text(post.excerpt)).chars(MAX_EXCERPT),
            "blog_name": settings.BLOG_TITLE,
        }
    )
    try:
        response = fetch.fetch(
            url,
            method="POST",
            data=form.encode("utf-8"),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )
    except fetch.FetchError as exc:
        return Result.FAILED, url, f"could not reach the trackback URL: {exc}"
    if not response.ok:
        return Result.FAILED, url, f"the trackback URL answered HTTP {response.status}"
    try:
        answer = ElementTree.fromstring(response.body, forbid_dtd=True)
    except Exception:
        return Result.FAILED, url, "the answer is not TrackBack XML"
    error = (answer.findtext("error") or "").strip()
    if error == "0":
        return Result.SENT, url, "accepted"
    message = (answer.findtext("message") or "").strip() or "refused without a message"
    return Result.FAILED, url, f"refused: {message}"
