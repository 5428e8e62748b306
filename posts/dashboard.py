"""The admin's front page as WordPress's Dashboard: At a Glance, Activity, Quick Draft and
the user's drafts.

Posts owns the dashboard and fills it with what it knows; apps above it add their own
parts through `add_glance()` and `add_activity()` (the comments app adds its counts and
its recent comments), so that posts never imports them. Each part is a fixed number of
queries, whatever the blog holds.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from .models import Kind, Post

RECENT = 5
_glance_parts = []
_activity_parts = []


@dataclass
class GlanceItem:
    label: str
    count: int
    url: str


def add_glance(part):
    """`part(request)` gives GlanceItems for At a Glance (an empty list when the user may
    not see them)."""
    _glance_parts.append(part)


def add_activity(part):
    """`part(request)` gives HTML for the Activity box ("" when there is nothing to show)."""
    _activity_parts.append(part)


class QuickDraftForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Give the draft a title."})
    content = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Content"
    )

    def save(self, author):
        post = Post.objects.create(
            title=self.cleaned_data["title"],
            body=self.cleaned_data["content"],
            author=author,
            status=Post.Status.DRAFT,
        )
        post.ensure_category()
        return post


def post_glance(request):
    """Published posts and pages, drafts and posts waiting for review, in one query."""
    user = request.user
    if not user.has_perm("posts.view_post"):
        return []
    now = timezone.now()
    live = Q(status=Post.Status.PUBLISHED, published_at__lte=now)
    counts = Post.entries.aggregate(
        posts=Count("pk", filter=Q(kind=Kind.POST) & live),
        pages=Count("pk", filter=Q(kind=Kind.PAGE) & live),
        drafts=Count("pk", filter=Q(kind=Kind.POST, status=Post.Status.DRAFT)),
        pending=Count("pk", filter=Q(kind=Kind.POST, status=Post.Status.PENDING)),
    )
    posts_url = reverse("admin:posts_post_changelist")
    items = [
        GlanceItem("Posts", counts["posts"], f"{posts_url}?status__exact=published"),
        GlanceItem("Drafts", counts["drafts"], f"{posts_url}?status__exact=draft"),
        GlanceItem("Pending review", counts["pending"], f"{posts_url}?status__exact=pending"),
    ]
    if user.has_perm("posts.view_page"):
        pages_url = reverse("admin:posts_page_changelist")
        items.insert(
            1, GlanceItem("Pages", counts["pages"], f"{pages_url}?status__exact=published")
        )
    return items


def scheduled_and_recent(request):
    """The posts publishing soon and those published last, as WordPress's Activity shows."""
    if not request.user.has_perm("posts.view_post"):
        return {"scheduled": [], "published": []}
    fields = ["kind", "title", "slug", "published_at", "status"]
    return {
        "scheduled": list(
            Post.objects.scheduled().only(*fields).order_by("published_at", "pk")[:RECENT]
        ),
        "published": list(
            Post.objects.published().only(*fields).order_by("-published_at", "-pk")[:RECENT]
        ),
    }


def own_drafts(user):
    return list(
        Post.objects.filter(author=user, status=Post.Status.DRAFT)
        .only("title", "updated")
        .order_by("-updated", "-pk")[:RECENT]
    )


def context(request):
    """Everything the dashboard shows, for this user."""
    user = request.user
    glance = post_glance(request)
    for part in _glance_parts:
        glance += part(request)
    activity = [html for part in _activity_parts if (html := part(request))]
    may_write = user.has_perm("posts.add_post")
    return {
        "glance": glance,
        "activity": scheduled_and_recent(request),
        "more_activity": activity,
        "quick_draft": QuickDraftForm() if may_write else None,
        "drafts": own_drafts(user) if may_write else [],
    }
