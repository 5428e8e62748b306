"""The comment section of a post page: the tree built in Python from one query of rows
(not model instances), each comment bringing its stored HTML (comments/rendering.py)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core import pagecache
from core.params import positive_int

from . import editing, rendering, visitor
from .forms import CommentForm, form_timestamp
from .models import Comment, DiscussionSettings
from .thread_html import thread_html


@dataclass(slots=True)
class Row:
    """What the page needs of one response: enough to thread it, to tell the reader's own
    (`editing.mark_own`) and to link a reply to it; the rest is in its stored `html`."""

    pk: int
    parent_id: int | None
    status: str
    user_id: int | None
    created: object
    author_name: str
    html: str
    edit_url: str = ""
    delete_url: str = ""
    editable_until: object = None

    @classmethod
    def of(cls, values):
        return cls(
            values["pk"],
            values["parent_id"],
            values["status"],
            values["user_id"],
            values["created"],
            values["author_name"],
            mark_safe(values["html"]),  # rendered from the sanitized body at save
        )

    @property
    def is_pending(self):
        return self.status == Comment.Status.PENDING

    def own_actions(self):
        return {
            "edit_url": self.edit_url,
            "delete_url": self.delete_url,
            "editable_until": self.editable_until,
        }


@dataclass(slots=True)
class Node:
    comment: Row
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


def page_rows(post, request):
    """The approved responses of a post as page rows (`Comment.PAGE_FIELDS`), in the
    discussion settings' order: one query per request, however many parts of the page
    read them (the thread, the count of likes and reposts from other sites)."""
    memo = request.__dict__.setdefault("_comment_page_rows", {})
    if post.pk not in memo:
        newest_first = DiscussionSettings.load().newest_first
        memo[post.pk] = list(Comment.objects.for_page(post, newest_first=newest_first))
    return memo[post.pk]


def section_for(post, request, csrf_token=None):
    """What a post page shows under the post: its comments in threads, a page at a time,
    its trackbacks, pingbacks and mentions, and the reply form. One query for all the responses.

    `csrf_token` is the page's: only signed-in pages (never cached) carry it.
    """
    rules = DiscussionSettings.load()
    newest_first = rules.newest_first
    responses = list(page_rows(post, request))
    held = visitor.held_comment(request, post)
    if held is not None:
        responses.append({name: getattr(held, name) for name in Comment.PAGE_FIELDS})
    refresh_stale(responses)

    comments, pings = [], []
    for values in responses:
        if Comment.is_conversation_kind(values["kind"], values["webmention_type"]):
            comments.append(Row.of(values))
        # Likes and reposts from other sites are counted beside the likes, not listed.
        elif values["webmention_type"] not in Comment.REACTIONS:
            pings.append(values["html"])

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
        "thread_html": thread_html(
            page.object_list, can_reply=form is not None, thread_depth=rules.thread_depth
        ),
        "comment_page": page,
        "comment_total": len(comments) - (1 if held is not None else 0),
        "pings_html": mark_safe("".join(pings)),  # rendered from sanitized text at save
        "closed": closed,
        "form": form,
        "form_html": "",
        "reply_to": reply_to,
        "newest_first": newest_first,
        # Anonymous pages may be cached: their token comes from FormTokenView.
        "form_csrf_token": csrf_token if user.is_authenticated else "",
    }
    if form is not None:
        responses_context["form_html"] = (
            comment_form_html(responses_context)
            if user.is_authenticated
            else anonymous_form_html(responses_context)
        )
    return responses_context


def comment_form_html(context):
    """The comment form (a Django template: crispy-forms renders its fields), from a context
    with `request`, `post`, `form` and `form_csrf_token`."""
    return render_to_string("comments/_comment_form.html", context, context["request"])


def refresh_stale(rows):
    """Render again the rows (of `Comment.PAGE_FIELDS`) whose HTML was made with another
    template version or settings, or never (a bulk import), in one query and one bulk
    update; each row's `html` is replaced in place. Nothing the page shows changes, so
    no cached page is purged."""
    version = rendering.current_version()
    stale = {row["pk"]: row for row in rows if row["html_version"] != version}
    if not stale:
        return
    comments = list(Comment.objects.filter(pk__in=stale))
    for comment in comments:
        rendering.render(comment)
        stale[comment.pk]["html"] = comment.html
    Comment.objects.bulk_update(comments, ["html", "html_version"], batch_size=500)


def anonymous_form_html(context):
    """The empty form every anonymous reader gets: rendered once per post, reply and version.

    It carries no per-visitor data (comments.js fetches the token), and crispy
    forms is the slowest part of a post page, so it is kept in memory.
    """
    reply_to = context["reply_to"]
    return pagecache.for_this_version(
        ("comment-form", context["post"].pk, reply_to.pk if reply_to else None),
        lambda: comment_form_html(context),
        keys=("settings", f"post:{context['post'].pk}"),
    )
