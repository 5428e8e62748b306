"""The revisions screen of the post admin: a post's revisions listed, any two compared side
by side, any one restored. A mixin of `PostAdmin`, so an admin that subclasses it (pages)
gets the same screens under its own URLs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from . import revisions


def revision_label(revision):
    when = date_format(timezone.localtime(revision.created), "DATETIME_FORMAT")
    return f"{when}, by {revision.author}" if revision.author else when


class RevisionsAdminMixin:
    revisions_template = "admin/posts/revisions.html"
    compare_template = "admin/posts/revision_compare.html"

    def url_name(self, suffix):
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def revision_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/",
                wrap(self.revisions_view),
                name=self.url_name("revisions"),
            ),
            path(
                "<path:object_id>/revisions/compare/",
                wrap(self.revision_compare_view),
                name=self.url_name("revision_compare"),
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(require_POST(self.revision_restore_view)),
                name=self.url_name("revision_restore"),
            ),
        ]

    def editable_post(self, request, object_id):
        """The post named in the URL, if this user may edit it: 404 for no such post, 403
        for someone else's (an Author's view of another author's post)."""
        try:
            post = self.model._default_manager.get(pk=int(object_id))
        except (ValueError, self.model.DoesNotExist):
            raise Http404("No such post.") from None
        if not self.has_change_permission(request, post):
            raise PermissionDenied
        return post

    def revision_context(self, request, post, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "post": post,
            "original": post,
            "change_url": reverse(f"admin:{self.url_name('change')}", args=[post.pk]),
            "revisions_url": reverse(f"admin:{self.url_name('revisions')}", args=[post.pk]),
            **context,
        }

    def revisions_view(self, request, object_id):
        post = self.editable_post(request, object_id)
        history = list(post.revisions.select_related("author"))
        # Each revision is compared with the one before it, the newest with nothing newer.
        for newer, older in zip(history, [*history[1:], None], strict=True):
            newer.previous = older
        context = self.revision_context(
            request,
            post,
            title=f"Revisions of “{post.title}”",
            revisions=history,
            compare_url=reverse(f"admin:{self.url_name('revision_compare')}", args=[post.pk]),
            kept=revisions.kept(),
        )
        return TemplateResponse(request, self.revisions_template, context)

    def revision_compare_view(self, request, object_id):
        post = self.editable_post(request, object_id)
        picked = {}
        for side in ("old", "new"):
            try:
                revision_id = int(request.GET.get(side, ""))
            except ValueError:
                raise Http404("Choose two revisions of this post to compare.") from None
            picked[side] = get_object_or_404(
                post.revisions.select_related("author"), pk=revision_id
            )
        old, new = sorted(picked.values(), key=lambda r: (r.created, r.pk))
        context = self.revision_context(
            request,
            post,
            title=f"Compare revisions of “{post.title}”",
            old=old,
            new=new,
            rows=revisions.compare(old, new),
            old_heading=f"Older: {revision_label(old)}",
            new_heading=f"Newer: {revision_label(new)}",
            restore_old_url=reverse(
                f"admin:{self.url_name('revision_restore')}", args=[post.pk, old.pk]
            ),
        )
        return TemplateResponse(request, self.compare_template, context)

    def revision_restore_view(self, request, object_id, revision_id):
        post = self.editable_post(request, object_id)
        revision = get_object_or_404(post.revisions, pk=revision_id)
        if revisions.restore(post, revision, request.user):
            self.message_user(
                request, f"Restored the revision of {revision_label(revision)}.", messages.SUCCESS
            )
        else:
            self.message_user(request, "That revision is already the current version.")
        return HttpResponseRedirect(reverse(f"admin:{self.url_name('change')}", args=[post.pk]))
