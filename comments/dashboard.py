"""The comments app's parts of the admin dashboard (posts/dashboard.py): comments by
status in At a Glance, and the latest comments in Activity with the moderation queue's
own Approve, Spam and Trash actions as buttons."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse

from posts.dashboard import GlanceItem

from . import queue, queue_views
from .models import Comment

RECENT = 5
Status = Comment.Status
# The dashboard's buttons: moderation queue actions (comments/queue.py), posted to the
# queue's own row-action view, which comes back to the dashboard.
BUTTONS = {name: queue.ACTIONS[name].label for name in ("approve", "spam", "trash")}


def glance(request):
    """Comments by status, in one query, each linking to the queue filtered by it."""
    if not request.user.has_perm("comments.view_comment"):
        return []
    counts = Comment.objects.aggregate(**{s.value: Count("pk", filter=Q(status=s)) for s in Status})
    queue = reverse("admin:comments_comment_changelist")
    return [
        GlanceItem(f"{status.label} comments", counts[status.value], f"{queue}?status={status}")
        for status in (Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH)
    ]


def recent_comments(request):
    """The latest comments (not spam or trash), one query, with moderation buttons for
    those who may change comments."""
    user = request.user
    if not user.has_perm("comments.view_comment"):
        return ""
    comments = list(
        Comment.objects.exclude(status__in=[Status.SPAM, Status.TRASH])
        .select_related("post")
        .only("author_name", "body", "status", "created", "post__title", "post__kind")
        .order_by("-created", "-pk")[:RECENT]
    )
    return render_to_string(
        "comments/_dashboard_comments.html",
        {
            "comments": comments,
            "buttons": BUTTONS if user.has_perm(queue_views.MODERATE) else {},
        },
        request=request,
    )
