"""Authoring: the admin as a WordPress author would expect it.

Authors see and change only their own posts; Editors (`edit_others_posts`)
see and change all of them. The rules live in the querysets and permission
hooks below so that every admin view obeys them.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.csp import csp_override
from tinymce.widgets import TinyMCE

from . import autosave, revisions
from .admin_editing import EditingAdminMixin
from .admin_forms import PREVIEW, PUBLISH, PUBLISH_BOX_BUTTONS, SAVE_DRAFT, PostAdminForm
from .admin_revisions import RevisionsAdminMixin
from .models import Category, Post, Tag

# The editor injects inline styles into its own UI; only its page relaxes that.
EDITOR_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
}


def may_edit_others(user):
    return user.has_perm("posts.edit_others_posts")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "slug", "parent", "post_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent").with_post_counts()

    @admin.display(description="Name", ordering="path")
    def indented_name(self, category):
        return format_html("{}{}", "— " * category.depth, category.name)

    @admin.display(description="Posts", ordering="post_count")
    def post_count(self, category):
        return category.post_count


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("posts"))

    @admin.display(description="Posts", ordering="post_count")
    def post_count(self, tag):
        return tag.post_count


@admin.register(Post)
class PostAdmin(RevisionsAdminMixin, EditingAdminMixin, admin.ModelAdmin):
    """The post screen, laid out like WordPress's (the body on the left, the Publish box and
    the taxonomies on the right: fieldsets with the `post-side` class), with revisions,
    autosave and the edit lock. The Pages admin subclasses it."""

    list_display = [
        "title",
        "status_label",
        "author",
        "category_list",
        "published_at",
        "sticky",
    ]
    list_filter = ["status", "categories", "author", "sticky"]
    date_hierarchy = "published_at"
    search_fields = ["title", "excerpt", "body"]
    prepopulated_fields = {"slug": ["title"]}
    form = PostAdminForm
    change_form_template = "admin/posts/post_change_form.html"
    actions = ["publish_now", "back_to_draft"]
    list_select_related = ["author"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt", "edited_version"]}),
        (
            "Publish",
            {
                "fields": [
                    "status",
                    "visibility",
                    "password",
                    "published_at_chosen",
                    "published_at",
                    "author",
                    "sticky",
                ],
                "classes": ["post-side", "publish-box"],
            },
        ),
        ("Categories", {"fields": ["categories", "primary_category"], "classes": ["post-side"]}),
        ("Tags", {"fields": ["tag_names"], "classes": ["post-side"]}),
        (
            "Featured image",
            {"fields": ["featured_image", "featured_image_alt"], "classes": ["post-side"]},
        ),
        ("Discussion", {"fields": ["comments_open", "pings_open", "trackback_urls"]}),
    ]
    # Read-only sections other apps show on a saved post: (title, display function).
    panels = ()

    @classmethod
    def add_panel(cls, title, display):
        """Show `display(post)` in a collapsed section of the post screen (see `panels`)."""
        cls.panels = (*cls.panels, (title, display))

    def view_on_site(self, post):
        """A link on this host: drafts are previewed where their editor is signed in."""
        return post.get_absolute_url()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            # No resize handle: TinyMCE's names itself with an attribute its element may
            # not carry (axe: aria-prohibited-attr).
            kwargs["widget"] = TinyMCE(mce_attrs={"resize": False})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        return [*self.revision_urls(), *self.editing_urls(), *super().get_urls()]

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

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("categories")
        if may_edit_others(request.user):
            return queryset
        return queryset.filter(author=request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets += [
                (title, {"fields": [display], "classes": ["collapse"]})
                for title, display in self.panels
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        panels = [display for _, display in self.panels] if obj is not None else []
        return [*([] if may_edit_others(request.user) else ["author"]), *panels]

    def get_changeform_initial_data(self, request):
        initial = {"author": request.user.pk, **super().get_changeform_initial_data(request)}
        copy = self.autosave_to_restore(request, None)
        if copy is not None:
            initial.update(title=copy.title, excerpt=copy.excerpt, body=copy.body)
        return initial

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._owns_or_edits_others(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._owns_or_edits_others(request, obj)

    def _owns_or_edits_others(self, request, obj):
        return obj is None or obj.author_id == request.user.pk or may_edit_others(request.user)

    def save_model(self, request, obj, form, change):
        if not may_edit_others(request.user):
            obj.author = request.user
        with revisions.saved_by(request.user):
            super().save_model(request, obj, form, change)
        autosave.discard(request.user, obj)
        if not change:
            autosave.discard(request.user, None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.ensure_category()

    @method_decorator(csp_override(EDITOR_CSP))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

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
        return {
            "live": live,
            "main_label": "Update" if live else ("Schedule" if scheduled else "Publish"),
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
        if obj.is_scheduled:
            when = timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")
            message = f"Post scheduled for {when}."
        elif obj.status == Post.Status.PUBLISHED:
            message = "Post published."
        elif obj.status == Post.Status.PRIVATE:
            message = "Post published privately."
        else:
            message = "Draft saved."
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{self.url_name('change')}", args=[obj.pk]))

    @admin.display(description="Status", ordering="status")
    def status_label(self, post):
        if post.is_scheduled:
            return "Scheduled"
        return post.get_status_display()

    @admin.display(description="Categories")
    def category_list(self, post):
        return ", ".join(c.name for c in post.categories.all())

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        count = 0
        for post in queryset:
            post.publish_now()
            with revisions.saved_by(request.user):
                post.save()
            count += 1
        self.message_user(request, f"{count} post(s) published.", messages.SUCCESS)

    @admin.action(description="Move back to draft", permissions=["change"])
    def back_to_draft(self, request, queryset):
        count = 0
        for post in queryset:
            post.status = Post.Status.DRAFT
            post.save(update_fields=["status", "updated"])
            count += 1
        self.message_user(request, f"{count} post(s) moved back to draft.", messages.SUCCESS)
