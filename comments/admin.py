"""The moderation queue: the admin's comment list, as WordPress's Comments screen."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from core.client import client_ip
from core.sanitize import plain_text, sanitize_comment_html

from . import dashboard, moderation
from .models import Comment, DiscussionSettings, Subscription

Status = Comment.Status


class StatusFilter(admin.SimpleListFilter):
    """All / Pending / Approved / Spam / Trash, each with its count (one query)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = Comment.objects.aggregate(
            all=Count("pk", filter=~Q(status__in=[Status.SPAM, Status.TRASH])),
            **{s.value: Count("pk", filter=Q(status=s.value)) for s in Status},
        )
        self.counts = counts
        return [(s.value, f"{s.label} ({counts[s.value]})") for s in Status]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = f"All ({self.counts['all']})"
        return choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        # "All" is what WordPress shows: everything but spam and trash.
        return queryset.exclude(status__in=[Status.SPAM, Status.TRASH])


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
    form = CommentAdminForm
    list_display = [
        "author_column",
        "excerpt",
        "post_link",
        "kind",
        "status",
        "moderation_reason",
        "created",
    ]
    list_filter = [StatusFilter, "kind", "created"]
    search_fields = ["author_name", "author_email", "author_url", "ip", "body"]
    list_select_related = ["post"]
    list_per_page = 50
    date_hierarchy = "created"
    readonly_fields = ["post_link", "kind", "ip", "user_agent", "created", "moderation_reason"]
    actions = ["approve", "unapprove", "mark_spam", "not_spam", "trash", "restore"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        moderate = self.admin_site.admin_view(self.moderate_view)
        return [
            path("<int:pk>/moderate/", moderate, name="comments_comment_moderate"),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """One comment's Approve, Spam or Trash from the dashboard's buttons: the same
        actions as the queue's, then back to the dashboard."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in dashboard.BUTTONS:
            return HttpResponseBadRequest("action must be one of " + ", ".join(dashboard.BUTTONS))
        comment = get_object_or_404(Comment, pk=pk)
        getattr(self, action)(request, Comment.objects.filter(pk=comment.pk))
        return redirect("admin:index")

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Comments go to the trash, which can be undone; purge_comments empties it.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Author", ordering="author_name")
    def author_column(self, comment):
        return format_html(
            "<strong>{}</strong><br>{}<br>{}",
            comment.author_name,
            comment.author_email,
            comment.ip or "",
        )

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return Truncator(plain_text(comment.body)).words(30)

    @admin.display(description="In response to", ordering="post__title")
    def post_link(self, comment):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">view</a>)',
            reverse(f"admin:posts_{comment.post.kind}_change", args=[comment.post_id]),
            comment.post.title,
            comment.get_absolute_url(),
        )

    def save_model(self, request, obj, form, change):
        obj.body = sanitize_comment_html(obj.body)
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        obj.set_status(new_status, reason=f"set to {new_status} by {request.user.get_username()}")
        if reply := form.cleaned_data.get("reply", "").strip():
            self.reply(request, obj, reply)

    def reply(self, request, comment, text):
        if comment.status == Status.PENDING:
            comment.set_status(Status.APPROVED, reason=f"approved by {request.user} (replied)")
        user = request.user
        answer = Comment(
            post=comment.post,
            parent=comment,
            user=user,
            author_name=user.get_full_name() or user.get_username(),
            author_email=user.email,
            body=sanitize_comment_html(text),
            ip=client_ip(request),
        )
        moderation.admit(
            answer, decision=moderation.Decision(Status.APPROVED, "reply from the admin")
        )
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
