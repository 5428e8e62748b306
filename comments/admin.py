"""The moderation queue: the admin's comment list, as WordPress's Comments screen."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from core import avatars
from core.client import client_ip
from core.sanitize import sanitize_comment_html

from . import queue, queue_views
from .models import Comment, DiscussionSettings, Subscription

Status = Comment.Status


class StatusFilter(admin.SimpleListFilter):
    """All / Pending / Approved / Spam / Trash, each with its count (one query).

    Each count is marked up so that the queue's script can change it in place.
    """

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        self.counts = Comment.objects.status_counts()
        return [(s.value, counted(s.label, s.value, self.counts)) for s in Status]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = counted("All", "all", self.counts)
        return choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        # "All" is what WordPress shows: everything but spam and trash.
        return queryset.exclude(status__in=[Status.SPAM, Status.TRASH])


def counted(label, key, counts):
    return format_html('{} (<span data-count="{}">{}</span>)', label, key, counts[key])


class CommentAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label="Reply as yourself",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published at once under this comment, which is approved if it was held.",
    )

    class Meta:
        model = Comment
        fields = ["status", "author_name", "author_email", "author_url", "body"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """WordPress's Comments screen: one row per comment with its row actions
    (comments/queue.py, comments/queue_views.py), bulk actions for many."""

    form = CommentAdminForm
    list_display = ["author_column", "comment_column", "post_column", "date_column"]
    list_display_links = None
    list_filter = [StatusFilter, "kind", "created"]
    search_fields = ["author_name", "author_email", "author_url", "ip", "body"]
    list_select_related = ["post"]
    list_per_page = 50
    date_hierarchy = "created"
    readonly_fields = [
        "post_link",
        "kind_label",
        "source_url",
        "ip",
        "user_agent",
        "created",
        "moderation_reason",
        "earlier_versions",
    ]
    actions = ["approve", "unapprove", "mark_spam", "not_spam", "trash", "restore"]
    # The columns a row action sends back, changed, for the script to put in place.
    CELLS = ["author_column", "comment_column", "post_column"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        pending_on_post = (
            Comment.objects.filter(post=OuterRef("post"), status=Status.PENDING)
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                post_pending=Coalesce(Subquery(pending_on_post), 0),
                may_delete=Value(request.user.has_perm("comments.delete_comment")),
            )
            .prefetch_related("revisions")
        )

    def lookup_allowed(self, lookup, value, request=None):
        # The pending count of a row's post links to that post's held comments.
        return lookup == "post__id__exact" or super().lookup_allowed(lookup, value, request)

    def get_urls(self):
        return [
            *queue_views.urls(self),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": "Comments",
            **(extra_context or {}),
            "queue_undo": queue_views.pop_undo(request),
            "queue_shortcuts": queue_views.SHORTCUTS,
            "queue_undo_seconds": queue_views.UNDO_OFFERED_SECONDS,
        }
        return super().changelist_view(request, extra_context)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Comments go to the trash, which can be undone; purge_comments empties it.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Author", ordering="author_name")
    def author_column(self, comment):
        return render_to_string(
            "admin/comments/comment/_author.html",
            {"comment": comment, "avatar": avatars.avatar_url(comment.author_email, 64)},
        )

    @admin.display(description="Comment")
    def comment_column(self, comment):
        actions = [
            action
            for action in queue.OFFERED[comment.status]
            if action != queue.DELETE or comment.may_delete
        ]
        return render_to_string(
            "admin/comments/comment/_comment.html",
            {
                "comment": comment,
                "actions": [queue_views.row_action(comment, action) for action in actions],
            },
        )

    @admin.display(description="In response to", ordering="post__title")
    def post_column(self, comment):
        return render_to_string("admin/comments/comment/_post.html", {"comment": comment})

    @admin.display(description="Submitted on", ordering="created")
    def date_column(self, comment):
        return format_html(
            '<a href="{}"><time datetime="{}">{}</time></a>',
            comment.get_absolute_url(),
            comment.created.isoformat(timespec="seconds"),
            date_format(timezone.localtime(comment.created), r"Y/m/d \a\t g:i a"),
        )

    @admin.display(description="In response to")
    def post_link(self, comment):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">view</a>)',
            reverse(f"admin:posts_{comment.post.kind}_change", args=[comment.post_id]),
            comment.post.title,
            comment.get_absolute_url(),
        )

    @admin.display(description="Earlier versions")
    def earlier_versions(self, comment):
        return render_to_string("admin/comments/comment/_revisions.html", {"comment": comment})

    def save_model(self, request, obj, form, change):
        obj.body = sanitize_comment_html(obj.body)
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        obj.set_status(new_status, reason=f"set to {new_status} by {request.user.get_username()}")
        if reply := form.cleaned_data.get("reply", "").strip():
            try:
                queue.reply(obj, request.user, reply, ip=client_ip(request))
            except queue.NotOffered:
                self.message_user(
                    request, "A spam or trashed comment cannot be answered.", messages.ERROR
                )
            else:
                self.message_user(request, "Your reply is published.", messages.SUCCESS)

    def _set_status(self, request, queryset, status, verb):
        count = queryset.set_status(status, reason=f"{verb} by {request.user.get_username()}")
        self.message_user(request, f"{count} comment(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Approve", permissions=["change"])
    def approve(self, request, queryset):
        self._set_status(request, queryset, Status.APPROVED, "approved")

    @admin.action(description="Unapprove", permissions=["change"])
    def unapprove(self, request, queryset):
        self._set_status(request, queryset, Status.PENDING, "unapproved")

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Status.SPAM, "marked as spam")

    @admin.action(description="Not spam", permissions=["change"])
    def not_spam(self, request, queryset):
        self._set_status(
            request, queryset.filter(status=Status.SPAM), Status.PENDING, "restored from spam"
        )

    @admin.action(description="Move to trash", permissions=["change"])
    def trash(self, request, queryset):
        self._set_status(request, queryset, Status.TRASH, "moved to trash")

    @admin.action(description="Restore from trash", permissions=["change"])
    def restore(self, request, queryset):
        self._set_status(request, queryset.filter(status=Status.TRASH), Status.PENDING, "restored")


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not DiscussionSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:comments_discussionsettings_change", DiscussionSettings.load().pk)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "post", "confirmed", "created"]
    list_filter = ["confirmed"]
    search_fields = ["email", "post__title"]
    list_select_related = ["post"]


from . import follow_admin  # noqa: E402, F401  (the followers' admin)
