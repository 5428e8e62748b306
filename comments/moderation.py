"""Every new comment, trackback, pingback and Webmention passes here once.

`admit()` is the one way a new response enters: `refusal()` says whether it
may be saved at all (closed, flooding, a duplicate); `decide()` says what
becomes of a saved one: approved, held as pending, or spam, with the reason
recorded; then it is saved with the post's count, and announced. The rules
are declared once, in order, as WordPress applies them; the first that
matches wins.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import locks
from posts.models import Post

from .models import Comment, DiscussionSettings, approved_comment_exists
from .signals import comment_status_changed

FLOOD_SECONDS = 15
# Pings from the pages of one site, whatever addresses send them: a blog tells a post
# about a new page of its own now and then; this many in a minute is a flood.
SITE_FLOOD_PINGS, SITE_FLOOD_SECONDS = 10, 60
# WordPress's link counter: an href, a scheme, or both, before "//".
LINK = re.compile(r"""(href\s*=\s*['"]?)?(https?:)?//""", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str


@dataclass(frozen=True)
class Refusal:
    status_code: int
    message: str


def admit(comment, *, spam_signals=(), decision=None, also=None, rules=None):
    """Moderate and save a new response; the Refusal if it may not be saved, else None.

    The checks and the save are one unit: responses to the same post, and from
    the same address, are admitted one at a time, so that a hundred parallel
    posts cannot all pass the flood or duplicate rule before any is saved.
    `decision` is one already made by a moderator (a reply from the admin),
    which no rule overrides. `also(comment)` runs in the saving transaction (a
    subscription that must not outlive a failed save).
    """
    rules = rules or DiscussionSettings.load()
    with transaction.atomic():
        Post.entries.lock([comment.post_id])
        if comment.ip:
            locks.serialize(f"responses-from:{comment.ip}")
        if decision is None:
            if refused := refusal(comment, rules):
                return refused
            decision = decide(comment, spam_signals=spam_signals, rules=rules)
        comment.status, comment.moderation_reason = decision.status, decision.reason
        comment.save()
        Comment.refresh_counts({comment.post_id})
        if also is not None:
            also(comment)
    comment_status_changed.send(sender=Comment, comment=comment, created=True)
    return None


def refusal(comment, rules=None):
    """Why this comment must not be saved, or None. Nothing is saved when refused."""
    rules = rules or DiscussionSettings.load()
    post = comment.post
    if not post.is_published:
        return Refusal(404, "That post does not exist.")
    if comment.kind == Comment.Kind.COMMENT:
        if rules.closes_comments(post) and not _is_staff(comment):
            return Refusal(403, "Comments are closed.")
    elif rules.closes_pings(post):
        if comment.kind == Comment.Kind.WEBMENTION:
            return Refusal(403, "Webmentions are closed on this post.")
        return Refusal(403, "Trackbacks and pingbacks are closed on this post.")
    if _is_staff(comment):
        return None
    now = timezone.now()
    recent = Comment.objects.filter(created__gte=now - timezone.timedelta(seconds=FLOOD_SECONDS))
    site = None
    if comment.kind != Comment.Kind.COMMENT:
        # One page telling each of the posts it links to about itself is not a flood.
        recent = recent.exclude(_from_page(_page_of(comment)))
        site = urlsplit(_page_of(comment)).netloc.lower()
    if comment.ip and recent.filter(ip=comment.ip).exists():
        return Refusal(429, "You are posting comments too quickly. Slow down.")
    if site and _site_flooding(site, now):
        return Refusal(429, f"Pings from {site} are coming too quickly. Slow down.")
    if _is_duplicate(comment):
        if comment.kind != Comment.Kind.COMMENT:
            return Refusal(409, "A ping from that URL is already registered for this post.")
        return Refusal(
            409, "Duplicate comment detected; it looks as though you’ve already said that!"
        )
    return None


def decide(comment, *, spam_signals=(), rules=None):
    """Approved, pending or spam, and why.

    `spam_signals` are what the form noticed (honeypot, form timestamp).
    """
    rules = rules or DiscussionSettings.load()
    if spam_signals:
        return Decision(Comment.Status.SPAM, "; ".join(spam_signals))
    if word := _first_word_in(comment, rules.words("block_words")):
        return Decision(Comment.Status.SPAM, f"contains the disallowed key “{word}”")
    if _is_staff(comment):
        return Decision(Comment.Status.APPROVED, "posted by staff")
    if word := _first_word_in(comment, rules.words("moderation_words")):
        return Decision(Comment.Status.PENDING, f"contains the moderation key “{word}”")
    if held := _held_for_content(comment, rules):
        return held
    if rules.comments_must_be_approved:
        return Decision(Comment.Status.PENDING, "every comment must be manually approved")
    if rules.require_previous_approval and not _known_author(comment):
        if comment.kind != Comment.Kind.COMMENT:
            return Decision(Comment.Status.PENDING, "first ping from this site")
        return Decision(Comment.Status.PENDING, "first comment from this author")
    return Decision(Comment.Status.APPROVED, "passed every rule")


def recheck(comment, rules=None):
    """A response whose content changed (a Webmention sent again) passes the content rules
    again: the Decision that replaces its status, or None when it keeps the one it has."""
    rules = rules or DiscussionSettings.load()
    if word := _first_word_in(comment, rules.words("block_words")):
        return Decision(Comment.Status.SPAM, f"contains the disallowed key “{word}”")
    if comment.status == Comment.Status.APPROVED:
        return _held_for_content(comment, rules)
    return None


def _held_for_content(comment, rules):
    """Held for what it says: a moderation word, or too many links."""
    if word := _first_word_in(comment, rules.words("moderation_words")):
        return Decision(Comment.Status.PENDING, f"contains the moderation key “{word}”")
    links = len(LINK.findall(comment.body))
    if links > rules.links_before_hold:
        return Decision(
            Comment.Status.PENDING,
            f"contains {links} links (more than {rules.links_before_hold})",
        )
    return None


def _site_flooding(site, now):
    since = now - timezone.timedelta(seconds=SITE_FLOOD_SECONDS)
    saved = Comment.objects.filter(_from_site(site), created__gte=since)
    return saved.count() >= SITE_FLOOD_PINGS


def _page_of(ping):
    """The page a ping speaks for: a Webmention's source; a trackback's or pingback's URL."""
    return ping.source_url if ping.kind == Comment.Kind.WEBMENTION else ping.author_url


def _from_page(url):
    return Q(kind=Comment.Kind.WEBMENTION, source_url=url) | Q(
        kind__in=[Comment.Kind.TRACKBACK, Comment.Kind.PINGBACK], author_url=url
    )


def _from_site(netloc):
    """Pings whose page is on the site at `netloc` (either scheme)."""
    same_site = Q()
    for scheme in ("http", "https"):
        for field, kinds in (
            ("source_url", [Comment.Kind.WEBMENTION]),
            ("author_url", [Comment.Kind.TRACKBACK, Comment.Kind.PINGBACK]),
        ):
            same_site |= Q(kind__in=kinds) & (
                Q(**{f"{field}__iexact": f"{scheme}://{netloc}"})
                | Q(**{f"{field}__istartswith": f"{scheme}://{netloc}/"})
            )
    return same_site


def _is_staff(comment):
    return comment.user is not None and comment.user.is_staff


def _known_author(comment):
    """A comment's author, or a ping's site, already has an approved response."""
    if comment.kind == Comment.Kind.COMMENT and comment.user_id:
        return _known_reader(comment)
    if comment.kind == Comment.Kind.COMMENT:
        return bool(comment.author_email) and approved_comment_exists(
            comment.author_name, comment.author_email
        )
    netloc = urlsplit(_page_of(comment)).netloc.lower()
    if not netloc:
        return False
    return Comment.objects.approved().filter(_from_site(netloc)).exists()


def _known_reader(comment):
    """A signed-in reader is known by what is proven to be theirs, never by a name alone:
    their own approved comments; an address their sign-in verified
    (`comment.email_verified`, set by the accounts app) that approved comments carry;
    or the profile URL of their account (`comment.author_url`, set from it) on approved
    comments of signed-in readers."""
    approved = Comment.objects.approved().comments()
    theirs = Q(user_id=comment.user_id)
    if comment.author_email and getattr(comment, "email_verified", False):
        theirs |= Q(author_email__iexact=comment.author_email)
    if comment.author_url:
        theirs |= Q(author_url=comment.author_url, user__isnull=False)
    return approved.filter(theirs).exists()


def _is_duplicate(comment):
    if comment.kind != Comment.Kind.COMMENT:
        # A page tells a post about itself once, by trackback, pingback or Webmention
        # (a Webmention sent again updates the one it sent before).
        return Comment.objects.filter(_from_page(_page_of(comment)), post=comment.post).exists()
    same_author = (
        {"user": comment.user}
        if comment.user_id
        else {"author_email__iexact": comment.author_email, "author_name": comment.author_name}
    )
    return (
        Comment.objects.filter(post=comment.post, body=comment.body, **same_author)
        .exclude(status=Comment.Status.TRASH)
        .exists()
    )


def _first_word_in(comment, words):
    """The first listed word found in any field a spammer controls, as WordPress checks."""
    haystack = "\n".join(
        [
            comment.author_name,
            comment.author_email,
            comment.author_url,
            comment.body,
            comment.ip or "",
            comment.user_agent,
        ]
    ).lower()
    return next((word for word in words if word in haystack), None)
