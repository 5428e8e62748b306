"""Pings out: telling other blogs that a post links to them.

When a post is published, and whenever a published post is saved again (an
edit may add links), a background task (django.tasks) looks at the post:

- each http(s) link in its body gets a pingback, if the linked page names a
  pingback server (the X-Pingback header, else <link rel="pingback">);
- each URL the author listed under "Send trackbacks to" gets a TrackBack POST.

Every attempt is an `OutgoingPing` row, made before the ping is sent, one per
post and target: a URL is never pinged twice for the same post, whatever
happens. All requests go through `core.fetch`, with its address rules and
timeouts; failures are recorded, never raised, and publishing only ever
waits for the task to be queued (after the transaction commits).
"""

import logging
import xmlrpc.client
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from defusedxml import ElementTree
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.tasks import task
from django.utils import timezone
from django.utils.text import Truncator

from core import fetch
from core.sanitize import plain_text
from core.site_url import absolute
from posts.models import Post

from . import pingback
from .models import OutgoingPing

logger = logging.getLogger(__name__)

Kind, Result = OutgoingPing.Kind, OutgoingPing.Result
# Saves that touch none of these cannot change what a post pings.
RELEVANT_FIELDS = {"status", "published_at", "body", "trackback_urls"}
MAX_TARGET = 1000
MAX_EXCERPT = 250


@receiver(post_save, sender=Post, dispatch_uid="pings.outgoing")
def post_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.status != Post.Status.PUBLISHED:
        return
    if update_fields is not None and not RELEVANT_FIELDS & set(update_fields):
        return
    post_id = instance.pk
    # robust: a queue that cannot be reached is logged, and the save stands.
    transaction.on_commit(lambda: schedule(post_id), robust=True)


def schedule(post_id):
    """Queue `send_pings` for a post that has something left to ping."""
    post = Post.objects.filter(pk=post_id, status=Post.Status.PUBLISHED).first()
    if post is None or not pending_targets(post):
        return None
    job = send_pings
    if post.published_at > timezone.now():
        if not job.get_backend().supports_defer:
            logger.info("pings for scheduled post %s wait for its next save", post_id)
            return None
        job = job.using(run_after=post.published_at)
    try:
        return job.enqueue(post_id)
    except Exception:
        # Publishing has happened; pings are a courtesy and must not undo it.
        logger.exception("could not queue the pings of post %s", post_id)
        return None


@task
def send_pings(post_id):
    """Ping every target of the post not pinged yet; returns {target: result}."""
    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return {}
    source = absolute(post.get_absolute_url())
    results = {}
    for target, kind in pending_targets(post):
        attempt = claim(post, target, kind)
        if attempt is None:
            continue
        try:
            if kind == Kind.TRACKBACK:
                result, endpoint, message = send_trackback(post, source, target)
            else:
                result, endpoint, message = send_pingback(source, target)
        except Exception as exc:  # one bad site must not stop the others
            logger.exception("ping from post %s to %s failed", post_id, target)
            result, endpoint, message = Result.FAILED, "", f"unexpected error: {exc!r}"
        attempt.result, attempt.endpoint = result, endpoint[:MAX_TARGET]
        attempt.message, attempt.finished = message[:500], timezone.now()
        attempt.save(update_fields=["result", "endpoint", "message", "finished"])
        results[target] = str(result)
    return results


def claim(post, target, kind):
    """The new attempt row for this target, or None if one exists (pinged already)."""
    try:
        with transaction.atomic():
            return OutgoingPing.objects.create(post=post, target_url=target, kind=kind)
    except IntegrityError:
        return None


def pending_targets(post):
    """[(url, kind)] not pinged yet: the trackback URLs first, then the links."""
    done = set(post.outgoing_pings.values_list("target_url", flat=True))
    wanted = {}
    for url in trackback_urls(post):
        wanted.setdefault(url, Kind.TRACKBACK)
    for url in links_in(post.body):
        wanted.setdefault(url, Kind.PINGBACK)
    return [(url, kind) for url, kind in wanted.items() if url not in done]


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


def discover_pingback_server(url):
    """The pingback server a page names (X-Pingback, then <link rel="pingback">), or None."""
    page = fetch.fetch(url)
    if not page.ok:
        raise fetch.UpstreamError(f"the page answered HTTP {page.status}")
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


def send_pingback(source, target):
    """(result, server, message) of telling `target`'s server that `source` links to it."""
    try:
        server = discover_pingback_server(target)
    except fetch.FetchError as exc:
        return Result.FAILED, "", f"could not read the page: {exc}"
    if server is None:
        return Result.NO_SERVER, "", "the page names no pingback server"
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
