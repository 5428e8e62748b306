"""The comment section of a post page: the tree built in Python from one query."""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import timezone

from core import avatars, pagecache
from core.params import positive_int

from . import editing, visitor
from .forms import CommentForm, form_timestamp
from .models import Comment, DiscussionSettings


@dataclass
class Node:
    comment: object
    depth: int = 1
    children: list = field(default_factory=list)


def build_tree(comments, max_depth):
    """Nest replies under their parents, in the order given.

    Replies below `max_depth` are shown at the deepest level, after their
    parent, as WordPress does. A reply whose parent is not shown (held, spam,
    trashed) starts a thread of its own.
    """
    shown = {c.pk for c in comments}
    replies = defaultdict(list)
    roots = []
    for comment in comments:
        if comment.parent_id in shown:
            replies[comment.parent_id].append(comment)
        else:
            roots.append(comment)

    tree = []
    stack = [(comment, 1, tree) for comment in reversed(roots)]
    while stack:
        comment, depth, container = stack.pop()
        node = Node(comment, depth)
        container.append(node)
        if depth < max_depth:
            child_depth, child_container = depth + 1, node.children
        else:
            child_depth, child_container = depth, container
        stack.extend(
            (reply, child_depth, child_container) for reply in reversed(replies[comment.pk])
        )
    return tree


def section_for(post, request, csrf_token=None):
    """What a post page shows under the post: its comments in threads, a page at a time,
    its trackbacks, pingbacks and mentions, and the reply form. One query for all the responses.

    `csrf_token` is the page's: only signed-in pages (never cached) carry it.
    """
    rules = DiscussionSettings.load()
    newest_first = rules.order == DiscussionSettings.Order.NEWEST
    responses = list(Comment.objects.for_page(post, newest_first=newest_first))
    comments = [c for c in responses if c.is_conversation]
    # Likes and reposts from other sites are counted beside the likes, not listed.
    pings = [
        c for c in responses if not c.is_conversation and c.webmention_type not in Comment.REACTIONS
    ]

    held = visitor.held_comment(request, post)
    if held is not None:
        held.awaiting_moderation = True
        comments.append(held)

    for comment in comments:
        dress(comment)
    editing.mark_own(comments, request)
    threads = build_tree(comments, max(rules.thread_depth, 1))
    paginator = Paginator(threads, max(rules.comments_per_page, 1))
    page = paginator.get_page(request.GET.get("cpage"))

    reply_to = None
    if wanted := positive_int(request.GET.get("replytocom")):
        reply_to = next((c for c in comments if c.pk == wanted), None)

    closed = rules.closes_comments(post)
    if not closed:
        # The cached page shows the form until the day comments close, not after.
        pagecache.valid_until(request, rules.comments_close_at(post))
    user = request.user
    form = None
    if not closed:
        initial = {"post": post.pk, "parent": reply_to.pk if reply_to else None}
        if user.is_authenticated:
            # Signed-in pages are never cached, so the form can carry its timestamp.
            initial["timestamp"] = form_timestamp(post)
        form = CommentForm(initial=initial, post=post, user=user)

    responses_context = {
        "request": request,
        "user": user,
        "post": post,
        "threads": page.object_list,
        "comment_page": page,
        "comment_total": len(comments) - (1 if held is not None else 0),
        "pings": pings,
        "closed": closed,
        "form": form,
        "reply_to": reply_to,
        "thread_depth": rules.thread_depth,
        "newest_first": newest_first,
        # Anonymous pages may be cached: their token comes from FormTokenView.
        "form_csrf_token": csrf_token if user.is_authenticated else "",
    }
    if form is not None and not user.is_authenticated:
        responses_context["form_html"] = anonymous_form_html(responses_context)
    return responses_context


def anonymous_form_html(context):
    """The empty form every anonymous reader gets: rendered once per post, reply and version.

    It carries no per-visitor data (comments.js fetches the token), and crispy
    forms is the slowest part of a post page, so it is kept in memory.
    """
    reply_to = context["reply_to"]
    return pagecache.for_this_version(
        ("comment-form", context["post"].pk, reply_to.pk if reply_to else None),
        lambda: render_to_string("comments/_comment_form.html", context, context["request"]),
        keys=("settings", f"post:{context['post'].pk}"),
    )


def dress(comment):
    """What the comment template shows, prepared once in Python (the page's hot loop)."""
    created = timezone.localtime(comment.created)
    # A Webmention's author photo is kept in the blog's storage (pings/webmention.py).
    if comment.author_photo:
        comment.avatar = default_storage.url(comment.author_photo)
    else:
        comment.avatar = avatars.avatar_url(comment.author_email)
    comment.source_host = urlsplit(comment.source_url).hostname if comment.source_url else ""
    comment.iso_created = created.isoformat(timespec="seconds")
    hour = created.hour % 12 or 12
    comment.display_created = (
        f"{created:%B} {created.day}, {created.year} at {hour}:{created:%M} "
        f"{'a.m.' if created.hour < 12 else 'p.m.'}"
    )
