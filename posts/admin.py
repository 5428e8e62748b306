"""Authoring: the admin as a WordPress author would expect it.

Authors see and change only their own posts; Editors (`edit_others_posts`)
see and change all of them. The rules live in the querysets and permission
hooks below so that every admin view obeys them.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.csp import csp_override
from tinymce.widgets import TinyMCE

from library import editor as library_editor
from library.embeds import not_embedded

from . import dashboard, review, revisions
from .admin_screen import PostScreenAdminMixin
from .models import Category, Menu, MenuItem, Page, Post, Tag

# The editor injects inline styles into its own UI; only its page relaxes that.
EDITOR_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *settings.MEDIA_ORIGINS],
}


def may_edit_others(user):
    return user.has_perm("posts.edit_others_posts")


# What a user without `posts.publish_posts` (a Contributor) may set a post to.
UNPUBLISHED_STATUSES = [Post.Status.DRAFT, Post.Status.PENDING]
# The post form's fields that put a new file in the library.
UPLOAD_FIELDS = ("featured_image_upload", "featured_image_alt")


def may_upload(user):
    """Uploading is the library's `add_mediaitem` (Authors and Editors; not Contributors)."""
    return user.has_perm("library.add_mediaitem")


def without_uploads(fields):
    return [field for field in fields if field not in UPLOAD_FIELDS]


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
class PostAdmin(PostScreenAdminMixin, admin.ModelAdmin):
    """Fieldsets with the `post-side` class go in the post screen's right-hand column (see
    `PostScreenAdminMixin`). The Pages admin subclasses this."""

    list_display = [
        "title",
        "status_label",
        "author",
        "category_list",
        "published_at",
        "sticky",
    ]
    list_filter = ["status", "format", "categories", "author", "sticky"]
    date_hierarchy = "published_at"
    search_fields = ["title", "excerpt", "body"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish_now", "back_to_draft"]
    list_select_related = ["author"]

    class Media:
        js = [library_editor.EDITOR_SCRIPT]

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
        ("Format", {"fields": ["format"], "classes": ["post-side"]}),
        ("Categories", {"fields": ["categories", "primary_category"], "classes": ["post-side"]}),
        ("Tags", {"fields": ["tag_names"], "classes": ["post-side"]}),
        (
            "Featured image",
            {
                "fields": [
                    "featured_thumbnail",
                    "featured_image",
                    "featured_image_upload",
                    "featured_image_alt",
                ],
                "classes": ["post-side"],
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
            # No resize handle: TinyMCE's names itself with an attribute its element may
            # not carry (axe: aria-prohibited-attr).
            kwargs["widget"] = TinyMCE(
                mce_attrs={**library_editor.tinymce_options(), "resize": False}
            )
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
        form.may_upload = may_upload(request.user)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not may_upload(request.user):
            fieldsets = [
                (title, {**options, "fields": without_uploads(options["fields"])})
                for title, options in fieldsets
            ]
        if obj is not None:
            fieldsets += [
                (title, {"fields": [display], "classes": ["collapse"]})
                for title, display in self.panels
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        panels = [display for _, display in self.panels] if obj is not None else []
        user = request.user
        return [
            *([] if may_edit_others(user) else ["author"]),
            *([] if review.may_publish(user) else ["published_at"]),
            "featured_thumbnail",
            *([] if may_upload(user) else ["featured_image"]),
            *panels,
        ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not review.may_publish(request.user):
            kwargs["choices"] = [(s.value, s.label) for s in UNPUBLISHED_STATUSES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_publish_permission(self, request):
        return review.may_publish(request.user) and self.has_change_permission(request)

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._owns_or_edits_others(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._owns_or_edits_others(request, obj)

    def _owns_or_edits_others(self, request, obj):
        """Whose posts a user may change: their own, or anyone's with `edit_others_posts`;
        and once a post is published (or scheduled), only if they may publish."""
        if obj is None:
            return True
        if obj.status not in UNPUBLISHED_STATUSES and not review.may_publish(request.user):
            return False
        return obj.author_id == request.user.pk or may_edit_others(request.user)

    def save_model(self, request, obj, form, change):
        if not may_edit_others(request.user):
            obj.author = request.user
        form.store_featured_upload(uploaded_by=request.user)
        super().save_model(request, obj, form, change)
        for url, why in not_embedded(obj.body):
            self.message_user(request, f"{url} was not embedded: {why}.", messages.WARNING)
        if obj.status == Post.Status.PENDING and (not change or "status" in form.changed_data):
            review.submitted(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.ensure_category()

    @method_decorator(csp_override(EDITOR_CSP))
    def changeform_view(self, *args, **kwargs):
        return super().changeform_view(*args, **kwargs)

    def get_urls(self):
        quick_draft = self.admin_site.admin_view(self.quick_draft_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_quick_draft"
        return [path("quick-draft/", quick_draft, name=name), *super().get_urls()]

    def quick_draft_view(self, request):
        """The dashboard's Quick Draft: a title and some text become a draft; a form with
        errors comes back on a page of its own (400), with what was typed."""
        if request.method != "POST":
            return redirect("admin:index")
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = dashboard.QuickDraftForm(request.POST)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "form": form,
                "title": "Quick Draft",
            }
            return TemplateResponse(request, "admin/quick_draft.html", context, status=400)
        post = form.save(request.user)
        self.log_addition(request, post, [{"added": {}}])
        self.message_user(request, f"Draft “{post.title}” saved.", messages.SUCCESS)
        return redirect("admin:index")

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

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        count = 0
        for post in queryset:
            post.publish_now()
            with revisions.saved_by(request.user):
                post.save()
            count += 1
        self.message_user(request, f"{count} post(s) published.", messages.SUCCESS)

    @admin.action(description="Move back to draft", permissions=["publish"])
    def back_to_draft(self, request, queryset):
        count = 0
        for post in queryset:
            post.status = Post.Status.DRAFT
            post.save(update_fields=["status", "updated"])
            count += 1
        self.message_user(request, f"{count} post(s) moved back to draft.", messages.SUCCESS)


@admin.register(Page)
class PageAdmin(PostAdmin):
    """Pages on the post screen's machinery (its permissions and the panels other apps
    add), with what a page has: a parent and a place among its siblings, no date."""

    list_display = ["title", "path", "status", "parent", "menu_order", "updated"]
    list_filter = ["status"]
    list_select_related = ["parent"]
    date_hierarchy = None
    search_fields = ["title", "path", "body"]
    autocomplete_fields = []
    actions = []
    ordering = ["path"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "body", "edited_version"]}),
        ("Publish", {"fields": ["status", "menu_order", "comments_open"]}),
    ]
    statuses = [Post.Status.DRAFT, Post.Status.PUBLISHED]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(None)

    def get_urls(self):
        # Quick Draft writes posts; pages have revisions, autosave and locks as posts do.
        return [*self.revision_urls(), *self.editing_urls(), *admin.ModelAdmin.get_urls(self)]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Page.objects.order_by("path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = [(s.value, s.label) for s in self.statuses]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class MenuItemFormSet(BaseInlineFormSet):
    """The items of the menu editor, each field named with its item's number for screen
    readers ("Label, item 2"): every item has the same fields."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        number = "new" if index is None else index + 1
        for field in form.fields.values():
            # Through the admin's wrapper (the + and pencil links) to the input itself.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs["aria-label"] = f"{field.label}, item {number}"


class MenuItemInline(admin.StackedInline):
    """A menu's items, each on two lines (where it sits, what it points at): the order field
    sorts them; menu_order.js lets them be dragged instead and renumbers the field."""

    model = MenuItem
    formset = MenuItemFormSet
    fk_name = "menu"
    extra = 2
    fields = [("order", "label", "parent"), ("page", "category", "tag", "post", "url")]
    raw_id_fields = ["post"]
    ordering = ["order", "pk"]
    classes = ["menu-items"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Five targets share a line: no add/change/view icons beside each select (pages,
        # categories and tags have their own screens).
        for flag in ("can_add_related", "can_change_related", "can_view_related"):
            if hasattr(field.widget, flag) if field else False:
                setattr(field.widget, flag, False)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            menu_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = MenuItem.objects.filter(menu_id=menu_id).select_related(
                "page", "category", "tag", "post"
            )
        elif db_field.name == "page":
            kwargs["queryset"] = Page.objects.order_by("path").only("title", "path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin):
    list_display = ["name", "location"]
    inlines = [MenuItemInline]

    class Media:
        js = ["js/menu_order.js"]
        css = {"all": ["css/menu_order.css"]}
