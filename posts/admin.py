"""Authoring: the admin as a WordPress author would expect it.

Authors see and change only their own posts; Editors (`edit_others_posts`)
see and change all of them. The rules live in the querysets and permission
hooks below so that every admin view obeys them.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.csp import csp_override
from tinymce.widgets import TinyMCE

from library import editor as library_editor

from .forms import PostAdminForm
from .models import Category, Post, Tag

# The editor injects inline styles into its own UI; only its page relaxes that.
EDITOR_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *settings.MEDIA_ORIGINS],
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
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
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
    autocomplete_fields = ["categories", "primary_category", "tags", "featured_image"]
    actions = ["publish_now", "back_to_draft"]
    list_select_related = ["author"]

    class Media:
        js = [library_editor.EDITOR_SCRIPT]

    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt"]}),
        (
            "Publish",
            {"fields": ["status", "published_at", "author", "sticky", "password"]},
        ),
        ("Categories and tags", {"fields": ["categories", "primary_category", "tags"]}),
        (
            "Featured image",
            {
                "fields": [
                    "featured_thumbnail",
                    "featured_image",
                    "featured_image_upload",
                    "featured_image_alt",
                ]
            },
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
            kwargs["widget"] = TinyMCE(mce_attrs=library_editor.tinymce_options())
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "featured_image":
            # A new image is uploaded with the field below, not in a pop-up.
            field.widget.can_add_related = False
        return field

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("categories")
        if may_edit_others(request.user):
            return queryset
        return queryset.filter(author=request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_upload = request.user.has_perm("library.add_mediaitem")
        return form

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
        author = [] if may_edit_others(request.user) else ["author"]
        return ["featured_thumbnail", *author, *panels]

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

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
        form.store_featured_upload(uploaded_by=request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.ensure_category()

    @method_decorator(csp_override(EDITOR_CSP))
    def changeform_view(self, *args, **kwargs):
        return super().changeform_view(*args, **kwargs)

    @admin.display(description="Current featured image")
    def featured_thumbnail(self, post):
        image = post.featured_image
        if image is None:
            return "None yet."
        return format_html(
            '<img src="{}" alt="{}" width="160" class="featured-thumbnail"> {}',
            image.thumbnail_url,
            image.alt,
            image,
        )

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
            post.status = Post.Status.PUBLISHED
            post.published_at = min(post.published_at, timezone.now())
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
