"""The post screen's behaviour beyond Django's admin: the Publish box (its buttons stay on
the screen, as WordPress's do), revisions, autosave and the edit lock. A mixin of
`PostAdmin`, so that an admin subclassing it (pages) gets all of it under its own URLs."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from . import autosave, revisions
from .admin_editing import EditingAdminMixin
from .admin_forms import (
    FORM_ONLY_FIELDS,
    PREVIEW,
    PUBLISH,
    PUBLISH_BOX_BUTTONS,
    SAVE_DRAFT,
    PostAdminForm,
)
from .admin_revisions import RevisionsAdminMixin
from .models import Post


class PostScreenAdminMixin(RevisionsAdminMixin, EditingAdminMixin):
    form = PostAdminForm
    change_form_template = "admin/posts/post_change_form.html"

    def get_urls(self):
        return [*self.revision_urls(), *self.editing_urls(), *super().get_urls()]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read only: the post's own fields instead of the form's.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        FORM_ONLY_FIELDS.get(f, f)
                        for f in options["fields"]
                        if FORM_ONLY_FIELDS.get(f, f)
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_object(self, request, object_id, from_field=None):
        """The post; on "Restore" of an autosave, with the autosave's text in place of the
        saved one (shown in the form, saved only when the author saves)."""
        post = super().get_object(request, object_id, from_field)
        copy = self.autosave_to_restore(request, post) if post is not None else None
        if copy is not None:
            post.title, post.excerpt, post.body = copy.title, copy.excerpt, copy.body
        return post

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.editor_context(request, obj))
        context.update(publish_box=self.publish_box(obj, context["adminform"].form))
        if obj is not None:
            context["revision_count"] = obj.revisions.count()
            context["revisions_url"] = reverse(f"admin:{self.url_name('revisions')}", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publish_box(self, post, form):
        """The Publish box's buttons: the main one says what it will do."""
        live = post is not None and post.status in (Post.Status.PUBLISHED, Post.Status.PRIVATE)
        scheduled = (
            not live
            and form.initial.get("published_at_chosen") == "1"
            and post is not None
            and post.published_at > timezone.now()
        )
        if not getattr(form, "may_publish", True):
            main_label = "Submit for Review"
        else:
            main_label = "Update" if live else ("Schedule" if scheduled else "Publish")
        return {
            "live": live,
            "may_publish": getattr(form, "may_publish", True),
            "main_label": main_label,
            "save_draft": SAVE_DRAFT,
            "preview": PREVIEW,
            "publish": PUBLISH,
        }

    def response_add(self, request, obj, post_url_continue=None):
        if any(button in request.POST for button in PUBLISH_BOX_BUTTONS):
            return self._after_publish_box(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if any(button in request.POST for button in PUBLISH_BOX_BUTTONS):
            return self._after_publish_box(request, obj)
        return super().response_change(request, obj)

    def _after_publish_box(self, request, obj):
        """Save Draft and Publish stay on the post screen, as WordPress's do; Preview opens
        the saved draft where its author is signed in."""
        if PREVIEW in request.POST:
            return HttpResponseRedirect(obj.get_absolute_url())
        name = self.opts.verbose_name.capitalize()
        if obj.is_scheduled:
            when = timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")
            message = f"{name} scheduled for {when}."
        elif obj.status == Post.Status.PUBLISHED:
            message = f"{name} published."
        elif obj.status == Post.Status.PRIVATE:
            message = f"{name} published privately."
        else:
            message = "Draft saved."
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{self.url_name('change')}", args=[obj.pk]))

    def get_changeform_initial_data(self, request):
        """On the Add screen's "Restore", the author's autosave of their unsaved post."""
        initial = super().get_changeform_initial_data(request)
        copy = self.autosave_to_restore(request, None)
        if copy is not None:
            initial.update(title=copy.title, excerpt=copy.excerpt, body=copy.body)
        return initial

    def save_model(self, request, obj, form, change):
        """Name the editor in the revision the save records; their autosave is spent."""
        with revisions.saved_by(request.user):
            super().save_model(request, obj, form, change)
        autosave.discard(request.user, obj)
        if not change:
            autosave.discard(request.user, None)
