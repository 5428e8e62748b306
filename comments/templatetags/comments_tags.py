from django import template
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import timezone

from blogsite import pagecache
from blogsite.params import positive_int
from comments import avatars, visitor
from comments.forms import CommentForm, form_timestamp
from comments.models import Comment, DiscussionSettings
from comments.threads import build_tree

register = template.Library()


@register.inclusion_tag("comments/_responses.html", takes_context=True)
def post_responses(context, post):
    """Comments, pings and the reply form of a post: one query for all the responses."""
    request = context["request"]
    rules = DiscussionSettings.load()
    newest_first = rules.order == DiscussionSettings.Order.NEWEST
    responses = list(Comment.objects.for_page(post, newest_first=newest_first))
    comments = [c for c in responses if c.kind == Comment.Kind.COMMENT]
    pings = [c for c in responses if c.kind != Comment.Kind.COMMENT]

    held = visitor.held_comment(request, post)
    if held is not None:
        held.awaiting_moderation = True
        comments.append(held)

    for comment in comments:
        dress(comment)
    threads = build_tree(comments, max(rules.thread_depth, 1))
    paginator = Paginator(threads, max(rules.comments_per_page, 1))
    page = paginator.get_page(request.GET.get("cpage"))

    reply_to = None
    if wanted := positive_int(request.GET.get("replytocom")):
        reply_to = next((c for c in comments if c.pk == wanted), None)

    closed = rules.closes_comments(post)
    user = request.user
    form = None
    if not closed:
        initial = {"post": post.pk, "parent": reply_to.pk if reply_to else None}
        if user.is_authenticated:
            # Signed-in pages are never cached, so the form can carry its timestamp.
            initial["timestamp"] = form_timestamp(post)
        form = CommentForm(initial=initial, user=user)

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
        "form_csrf_token": context.get("csrf_token") if user.is_authenticated else "",
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
    )


def dress(comment):
    """What the comment template shows, prepared once in Python (the page's hot loop)."""
    created = timezone.localtime(comment.created)
    comment.avatar = avatars.avatar_url(comment.author_email)
    comment.iso_created = created.isoformat(timespec="seconds")
    hour = created.hour % 12 or 12
    comment.display_created = (
        f"{created:%B} {created.day}, {created.year} at {hour}:{created:%M} "
        f"{'a.m.' if created.hour < 12 else 'p.m.'}"
    )
