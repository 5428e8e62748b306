"""Webmentions in: `POST /webmention/`, as the W3C Webmention Recommendation has it.

Another site tells us that its page (`source`) links to one of our posts
(`target`). The request is answered at once after what can be checked without
fetching the source: the sender's rate limit (as for pings, 429), both URLs
(400 with what is wrong), the target being a post of ours that takes pings.
A request that passes is `202 Accepted` with the address of its status page
(`Location`, and in the body), and the background task `verify` fetches the
source through the one outgoing client (`core.fetch`), reads its
microformats (`microformats.py`) and makes, updates or removes the response:

- a source that links to the target becomes a Webmention of its type (reply,
  like, repost, mention), admitted by the one moderation pipeline like any
  comment (`moderation.admit`); its author's photo is kept here, not hotlinked;
- a source that sends it again updates the response it made, and its content
  passes the content rules again (`moderation.recheck`);
- a source that answers 410 Gone, or no longer links to the target, removes it.
"""

import logging
from urllib.parse import urlsplit

from django import forms
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.tasks import task
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView

from comments import moderation
from comments.models import Comment
from core import fetch, remote_pictures
from core.site_url import absolute
from core.tasks import enqueue_on_commit

from . import incoming, microformats, pingback
from .models import IncomingWebmention

logger = logging.getLogger(__name__)

Result = IncomingWebmention.Result
MAX_SOURCE_URL = Comment._meta.get_field("source_url").max_length
MAX_TARGET_URL = IncomingWebmention._meta.get_field("target").max_length
PHOTO_FOLDER = "webmention-photos"
HTML_TYPES = {"text/html", "application/xhtml+xml"}


class WebmentionForm(forms.Form):
    """The two form fields a sender posts, checked as far as can be without a fetch."""

    source = forms.CharField(
        max_length=MAX_SOURCE_URL,
        error_messages={
            "required": "source is required: the URL of the page that links here.",
            "max_length": "source is longer than %(limit_value)d characters.",
        },
    )
    target = forms.CharField(
        max_length=MAX_TARGET_URL,
        error_messages={
            "required": "target is required: the URL of the post it links to.",
            "max_length": "target is longer than %(limit_value)d characters.",
        },
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_source(self):
        source = self.cleaned_data["source"]
        if not incoming.is_web_url(source):
            raise forms.ValidationError("source must be an http or https URL.")
        return source

    def clean_target(self):
        target = self.cleaned_data["target"]
        try:
            post = pingback.post_for_target(target, self.request)
        except pingback.Fault as fault:
            message = f"target is not a post of this blog: {fault.message}"
            raise forms.ValidationError(message) from fault
        if not incoming.accepts_pings(post):
            raise forms.ValidationError("target does not accept Webmentions.")
        self.post = post
        return target

    def clean(self):
        source, target = self.cleaned_data.get("source"), self.cleaned_data.get("target")
        if source and target:
            if pingback.same_page(source, target):
                raise forms.ValidationError("source and target must be different pages.")
            try:
                fetch.check_reachable(source)
            except fetch.Timeout:
                pass  # a slow name server: the verification will try again
            except fetch.FetchError as exc:
                raise forms.ValidationError(f"source cannot be fetched: {exc}.") from exc
        return self.cleaned_data

    def messages(self):
        return [message for errors in self.errors.values() for message in errors]


def endpoint_url():
    """The absolute address of the endpoint, as `Link` and `<link rel="webmention">` announce it."""
    return absolute(reverse("pings:webmention"))


def text_answer(text, *, status):
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
def receive(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "Send Webmentions with POST.")
    if incoming.over_rate_limit(request, Comment.Kind.WEBMENTION):
        response = text_answer(
            "Too many Webmentions from your address; try again in a minute.", status=429
        )
        response["Retry-After"] = "60"
        return response
    form = WebmentionForm(request.POST, request=request)
    if not form.is_valid():
        return text_answer("\n".join(form.messages()), status=400)
    mention = IncomingWebmention.objects.create(
        post=form.post,
        source=form.cleaned_data["source"],
        target=form.cleaned_data["target"],
        **incoming.sent_by(request),
    )
    enqueue_on_commit(verify, mention.pk)
    status_url = absolute(mention.get_absolute_url())
    response = text_answer(
        f"Accepted: the source is verified before anything is shown.\nStatus: {status_url}",
        status=202,
    )
    response["Location"] = status_url
    return response


class StatusView(DetailView):
    """What became of one Webmention, for its sender: pending, accepted, refused or removed."""

    model = IncomingWebmention
    slug_field = slug_url_kwarg = "token"
    context_object_name = "webmention"
    template_name = "pings/webmention_status.html"

    def get_queryset(self):
        return IncomingWebmention.objects.select_related("response")


@task
def verify(webmention_id):
    """Fetch the source and make, update or remove the response; returns what was done."""
    mention = IncomingWebmention.objects.select_related("post").filter(pk=webmention_id).first()
    if mention is None:
        return {}
    try:
        result, message, response = verified(mention)
    except Exception:  # the status page must not say "being verified" for ever
        logger.exception("Webmention %s from %s failed", mention.pk, mention.source)
        result, message, response = Result.REFUSED, "The verification failed.", None
    mention.finish(result, message, response)
    logger.info("Webmention from %s to %s: %s, %s", mention.source, mention.target, result, message)
    return {"result": str(result), "message": message, "response": response and response.pk}


def verified(mention):
    """(result, message, response) of reading the source of `mention` once."""
    existing = (
        Comment.objects.filter(
            post=mention.post, kind=Comment.Kind.WEBMENTION, source_url=mention.source
        )
        .order_by("pk")
        .first()
    )
    try:
        page = fetch.fetch(mention.source, headers={"Accept": "text/html, */*;q=0.5"})
    except fetch.FetchError as exc:
        return Result.REFUSED, f"The source could not be fetched: {exc}.", None
    if page.status == 410:
        return removed(existing, "The source is gone (HTTP 410)")
    if not page.ok:
        return Result.REFUSED, f"The source answered HTTP {page.status}.", None
    found = read(page, mention.target)
    if found is None:
        return removed(existing, "The source does not link to the target")
    if existing is not None:
        return update(existing, found)
    webmention = incoming.new_ping(
        mention.post,
        Comment.Kind.WEBMENTION,
        source_url=mention.source,
        ip=mention.ip,
        user_agent=mention.user_agent,
    )
    webmention.source_url = mention.source
    dress(webmention, found)
    if refused := moderation.admit(webmention):
        return Result.REFUSED, refused.message, None
    return Result.SAVED, "Verified.", webmention


def read(page, target):
    """The source's microformats as a `microformats.Source`, or None if it does not link."""
    if page.headers.get_content_type() in HTML_TYPES:
        return microformats.read(page, target)
    if target in page.text():
        host = urlsplit(page.url).hostname or page.url
        return microformats.Source(Comment.WebmentionType.MENTION, host, "", "", "")
    return None


def dress(webmention, found):
    """Give the response what the source says, with the author's photo kept here."""
    webmention.webmention_type = found.type
    webmention.author_name = found.author_name
    webmention.author_url = found.author_url
    webmention.body = found.body
    webmention.author_photo = kept_photo(found.author_photo)


def kept_photo(url):
    """The storage name of the picture at `url`, once kept; "" when there is none to keep."""
    if not url:
        return ""
    name = remote_pictures.stored_name(PHOTO_FOLDER, url)
    return name if remote_pictures.keep(url, name) else ""


def update(webmention, found):
    """The same source sent it again: show what it says now, re-checked for its content."""
    dress(webmention, found)
    with transaction.atomic():
        webmention.save(
            update_fields=["webmention_type", "author_name", "author_url", "body", "author_photo"]
        )
        if decision := moderation.recheck(webmention):
            webmention.set_status(decision.status, reason=f"updated: {decision.reason}")
        Comment.refresh_counts({webmention.post_id})
    return Result.SAVED, "Updated.", webmention


def removed(existing, why):
    if existing is None:
        return Result.REFUSED, f"{why}.", None
    existing.delete()
    return Result.REMOVED, f"{why}: the response it made is removed.", None
