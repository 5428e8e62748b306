"""The moderation queue's row actions over HTTP: one POST per click, with CSRF.

static/js/moderation_queue.js asks for JSON (Accept: application/json) and
puts the changed row and counts in place; without JavaScript the same POST
comes back to the queue page it was sent from, at the row, with a message and
the undo. Reply and Quick Edit are small pages of their own that the script
opens inline under the row.
"""

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core.client import client_ip
from core.csrf import wants_json

from . import queue
from .models import Comment

MODERATE = "comments.moderate_comment"
UNDO_SESSION_KEY = "comments:queue-undo"
# How long the page offers "Undo" after an action (WordPress keeps it until the next reload).
UNDO_OFFERED_SECONDS = 10
SHORTCUTS = [
    ("j", "next comment"),
    ("k", "previous comment"),
    ("a", "approve"),
    ("u", "unapprove"),
    ("s", "mark as spam"),
    ("t", "move to the trash"),
    ("r", "reply"),
    ("q", "quick edit"),
    ("z", "undo the last action"),
]
ACTION_SHORTCUTS = {
    "approve": "a",
    "unapprove": "u",
    "spam": "s",
    "trash": "t",
    "reply": "r",
    "quickedit": "q",
}
FORM_ACTIONS = {"reply": "Reply", "quickedit": "Quick Edit"}


def urls(model_admin):
    def view(cls, **kwargs):
        return model_admin.admin_site.admin_view(cls.as_view(model_admin=model_admin, **kwargs))

    return [
        path(
            "<int:pk>/moderate/<str:action>/",
            view(RowActionView),
            name="comments_comment_moderate",
        ),
        path("<int:pk>/reply/", view(ReplyView), name="comments_comment_reply"),
        path("<int:pk>/quick-edit/", view(QuickEditView), name="comments_comment_quickedit"),
    ]


def row_action(comment, action):
    """What the row's template needs to draw one action: a button that posts, or a form link."""
    if action in FORM_ACTIONS:
        label = FORM_ACTIONS[action]
        url = reverse(f"admin:comments_comment_{action}", args=[comment.pk])
    else:
        label = queue.ACTIONS[action].label if action in queue.ACTIONS else "Delete Permanently"
        url = reverse("admin:comments_comment_moderate", args=[comment.pk, action])
    return {
        "name": action,
        "label": label,
        "url": url,
        "opens_form": action in FORM_ACTIONS,
        "shortcut": ACTION_SHORTCUTS.get(action, ""),
    }


def pop_undo(request):
    """The undo of the action just done, for the queue page the browser comes back to."""
    return request.session.pop(UNDO_SESSION_KEY, None)


class Refused(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class QueueView(View):
    """Shared by the row actions: who may act, where to come back to, what to answer."""

    model_admin = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        try:
            return super().dispatch(request, *args, **kwargs)
        except Refused as refused:
            return self.refuse(refused.status, refused.message)

    def get_comment(self, pk):
        return get_object_or_404(Comment.objects.select_related("post"), pk=pk)

    def back_url(self, anchor=None):
        queue_url = reverse("admin:comments_comment_changelist")
        wanted = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if not wanted:
            referer = self.request.headers.get("referer", "")
            parts = urlsplit(referer)
            same_site = url_has_allowed_host_and_scheme(
                referer, {self.request.get_host()}, self.request.is_secure()
            )
            wanted = f"{parts.path}?{parts.query}" if same_site else ""
        safe = url_has_allowed_host_and_scheme(wanted, set(), self.request.is_secure())
        # The dashboard's Activity box has the same buttons, and comes back to itself.
        if safe and wanted == reverse("admin:index"):
            return wanted
        if not (safe and wanted.startswith(queue_url)):
            wanted = queue_url
        return f"{wanted.partition('#')[0]}#comment-{anchor}" if anchor else wanted

    def done(self, message, *, comment_id, post_id, undo=None):
        """The queue page again, or, for the script, the changed row, its post and the counts."""
        if not wants_json(self.request):
            messages.success(self.request, message)
            if undo:
                self.request.session[UNDO_SESSION_KEY] = undo
            gone = not Comment.objects.filter(pk=comment_id).exists()
            return redirect(self.back_url(anchor=None if gone else comment_id))
        model_admin = self.model_admin
        comment = (
            model_admin.get_queryset(self.request)
            .select_related("post")
            .filter(pk=comment_id)
            .first()
        )
        data = {"message": message, "counts": Comment.objects.status_counts(), "undo": undo}
        if comment is None:
            pending = Comment.objects.filter(post_id=post_id, status=queue.Status.PENDING)
            data["post"] = {"id": post_id, "pending": pending.count()}
            data["comment"] = {"id": comment_id, "deleted": True}
        else:
            data["post"] = {"id": comment.post_id, "pending": comment.post_pending}
            data["comment"] = {
                "id": comment.pk,
                "status": comment.status,
                "cells": {
                    name: str(getattr(model_admin, name)(comment)) for name in model_admin.CELLS
                },
            }
        return JsonResponse(data)

    def refuse(self, status, message):
        if wants_json(self.request):
            return JsonResponse({"error": message}, status=status)
        return render(
            self.request,
            "admin/comments/comment/row_refused.html",
            {"message": message, "back_url": self.back_url(), "title": "Not done"},
            status=status,
        )


class RowActionView(QueueView):
    """`POST <id>/moderate/<action>/`: approve, unapprove, spam, unspam, trash, restore,
    delete (permanently) or undo (with the token the previous action answered)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        known = action in queue.ACTIONS or action in ("undo", queue.DELETE)
        if not known:
            raise Refused(400, f"“{action}” is not a moderation action.")
        comment = self.get_comment(pk)
        undo = None
        try:
            if action == "undo":
                queue.undo(comment, request.POST.get("token", ""))
                status = comment.get_status_display().lower()
                message = f"Comment by {comment.author_name} is {status} again."
            elif action == queue.DELETE:
                if not request.user.has_perm("comments.delete_comment"):
                    raise PermissionDenied
                queue.delete(comment)
                message = f"Comment by {comment.author_name} deleted permanently."
            else:
                token = queue.act(comment, action, request.user)
                message = f"Comment by {comment.author_name} {queue.ACTIONS[action].done}."
                undo = {
                    "url": reverse("admin:comments_comment_moderate", args=[pk, "undo"]),
                    "token": token,
                    "message": message,
                }
        except signing.BadSignature as exc:
            raise Refused(400, "This undo is no longer available.") from exc
        except queue.NotOffered as exc:
            raise Refused(
                409,
                f"This comment is {comment.get_status_display().lower()} now: "
                "reload the queue to see what it offers.",
            ) from exc
        return self.done(message, comment_id=pk, post_id=comment.post_id, undo=undo)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Reply",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please type your reply."},
    )


class QuickEditForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class RowFormView(QueueView):
    """A row action that needs a form: a small page of its own, inline with JavaScript."""

    action = None
    title = ""
    submit_label = ""
    template_name = "admin/comments/comment/row_form.html"

    def get(self, request, pk):
        comment = self.offered_comment(pk)
        return self.page(comment, self.make_form(comment))

    def post(self, request, pk):
        comment = self.offered_comment(pk)
        form = self.make_form(comment, data=request.POST)
        if not form.is_valid():
            if wants_json(request):
                return JsonResponse(
                    {"error": "Please correct the errors.", "errors": form.errors}, status=400
                )
            return self.page(comment, form, status=400)
        message = self.save(comment, form)
        return self.done(message, comment_id=comment.pk, post_id=comment.post_id)

    def offered_comment(self, pk):
        comment = self.get_comment(pk)
        if not queue.offered(comment, self.action):
            status = comment.get_status_display().lower()
            raise Refused(409, f"This comment is {status}: it cannot be answered or edited.")
        return comment

    def page(self, comment, form, status=200):
        context = {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": Comment._meta,
            "title": f"{self.title} {comment.author_name}",
            "comment": comment,
            "form": form,
            "submit_label": self.submit_label(comment)
            if callable(self.submit_label)
            else self.submit_label,
            "next": self.back_url(),
            "action_url": self.request.path,
            "action_name": self.action,
        }
        return render(self.request, self.template_name, context, status=status)


class ReplyView(RowFormView):
    action = "reply"
    title = "Reply to"

    @staticmethod
    def submit_label(comment):
        return "Approve and Reply" if comment.status == queue.Status.PENDING else "Reply"

    def make_form(self, comment, data=None):
        return ReplyForm(data, prefix=f"reply-{comment.pk}")

    def save(self, comment, form):
        queue.reply(
            comment, self.request.user, form.cleaned_data["body"], ip=client_ip(self.request)
        )
        return f"Your reply to {comment.author_name} is published."


class QuickEditView(RowFormView):
    action = "quickedit"
    title = "Quick Edit the comment by"
    submit_label = "Update Comment"

    def make_form(self, comment, data=None):
        return QuickEditForm(data, instance=comment, prefix=f"edit-{comment.pk}")

    def save(self, comment, form):
        data = form.cleaned_data
        queue.quick_edit(
            comment,
            author_name=data["author_name"],
            author_email=data["author_email"],
            author_url=data["author_url"],
            body=data["body"],
        )
        return f"Comment by {comment.author_name} updated."
