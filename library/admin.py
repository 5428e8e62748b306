"""The Media screen: the library in a grid or a list, uploads, and each item's page.

Everyone with the library's view permission sees and may use every item; changing
or deleting one is for its uploader and for those with `edit_others_media`
(Editors), the same rule as posts. Uploading needs `add_mediaitem`.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt

from . import usage
from .forms import EditorUploadForm, UploadForm
from .models import Embed, MediaItem
from .uploads import Kind

LAYOUT_SESSION_KEY = "library_layout"
LAYOUTS = ("grid", "list")
IMAGE_LIST_LIMIT = 200


class UploadMonthFilter(admin.SimpleListFilter):
    """Months that have uploads, newest first, as WordPress's "All dates" menu."""

    title = "month"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = model_admin.get_queryset(request).dates("uploaded_at", "month", order="DESC")
        return [(month.strftime("%Y-%m"), month.strftime("%B %Y")) for month in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(uploaded_at__year=year, uploaded_at__month=month)


def admin_link(obj):
    """A link to `obj`'s admin page, or its name alone when it has none."""
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return format_html("{}", obj)
    return format_html('<a href="{}">{}</a>', url, obj)


@admin.register(MediaItem)
class MediaItemAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "title", "uploaded_by", "uploaded_at", "file_size"]
    list_display_links = ["title"]
    list_filter = ["kind", UploadMonthFilter]
    search_fields = ["title", "alt", "caption", "description", "file"]
    list_select_related = ["uploaded_by"]
    list_per_page = 40
    fields = [
        "preview",
        "title",
        "alt",
        "caption",
        "description",
        "file_link",
        "details",
        "used_in",
    ]
    readonly_fields = ["preview", "file_link", "details", "used_in"]
    change_list_template = "admin/library/mediaitem/change_list.html"
    delete_confirmation_template = "admin/library/mediaitem/delete_confirmation.html"
    delete_selected_confirmation_template = (
        "admin/library/mediaitem/delete_selected_confirmation.html"
    )

    class Media:
        css = {"all": ["library/library.css"]}

    def get_urls(self):
        own = [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="library_upload"),
            path(
                "editor-upload/",
                self.admin_site.admin_view(csrf_exempt(self.editor_upload_view)),
                name="library_editor_upload",
            ),
            path(
                "image-list.json",
                self.admin_site.admin_view(self.image_list_view),
                name="library_image_list",
            ),
        ]
        return own + super().get_urls()

    # Permissions: see all, change and delete one's own unless an editor.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.editable_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.editable_by(request.user))

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(not item.editable_by(request.user) for item in objs):
            perms_needed.add("media items other people uploaded")
        return deleted, counts, perms_needed, protected

    # Screens

    def add_view(self, request, form_url="", extra_context=None):
        """Adding is uploading: the add button leads to the upload screen."""
        return HttpResponseRedirect(reverse("admin:library_upload"))

    def changelist_view(self, request, extra_context=None):
        layout = request.GET.get("layout")
        if layout in LAYOUTS:
            request.session[LAYOUT_SESSION_KEY] = layout
            query = request.GET.copy()
            del query["layout"]
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        extra_context = {
            "layout": request.session.get(LAYOUT_SESSION_KEY, "grid"),
            "may_upload": self.has_add_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            items = form.save(uploaded_by=request.user)
            self.message_user(
                request, f"{len(items)} file(s) added to the library.", messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:library_mediaitem_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload media",
            "opts": self.opts,
            "form": form,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/library/mediaitem/upload.html", context, status=status
        )

    def editor_upload_view(self, request):
        """TinyMCE's image uploads: `{"location": url}`, or `{"error": {"message"}}` with a
        4xx the editor shows the author."""
        if request.method != "POST":
            return json_error("Send the image with POST.", 405)
        if CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}):
            return json_error("The page's security token is missing or old: reload it.", 403)
        if not self.has_add_permission(request):
            return json_error("You may not upload files to the library.", 403)
        form = EditorUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            problems = [message for errors in form.errors.values() for message in errors]
            return json_error(" ".join(problems), 400)
        item = form.save(uploaded_by=request.user)
        return JsonResponse(
            {"location": item.url, "alt": item.alt, "width": item.width, "height": item.height}
        )

    def image_list_view(self, request):
        """The editor's "Insert from library" list: TinyMCE's `image_list`, whose title it
        puts in the alt text when an image is picked."""
        if not self.has_view_permission(request):
            return json_error("You may not see the library.", 403)
        items = MediaItem.objects.images().only("file", "title", "alt")[:IMAGE_LIST_LIMIT]
        return JsonResponse(
            [{"title": item.alt or item.title, "value": item.url} for item in items], safe=False
        )

    # Columns and fields

    @admin.display(description="Thumbnail")
    def thumbnail(self, item):
        if item.is_image:
            return format_html(
                '<img src="{}" alt="" class="library-thumbnail" width="60" height="60">',
                item.thumbnail_url,
            )
        return format_html('<span class="library-file-badge">{}</span>', item.get_kind_display())

    @admin.display(description="Size", ordering="size")
    def file_size(self, item):
        return filesizeformat(item.size)

    @admin.display(description="Preview")
    def preview(self, item):
        if item.kind == Kind.IMAGE:
            return format_html(
                '<img src="{}" srcset="{}" sizes="400px" alt="{}" class="library-preview">',
                item.url,
                item.srcset,
                item.alt,
            )
        if item.kind in (Kind.AUDIO, Kind.VIDEO):
            return format_html('<{0} controls src="{1}"></{0}>', item.kind, item.url)
        return format_html('<a href="{}">{}</a>', item.url, item.filename)

    @admin.display(description="File URL")
    def file_link(self, item):
        return format_html('<a href="{0}">{0}</a>', item.url)

    @admin.display(description="Details")
    def details(self, item):
        rows = [
            ("Type", item.mime_type),
            ("Size", filesizeformat(item.size)),
            ("Uploaded by", item.uploaded_by or "—"),
            ("Uploaded", item.uploaded_at.strftime("%Y-%m-%d %H:%M")),
        ]
        if item.width:
            rows.append(("Dimensions", f"{item.width} × {item.height} pixels"))
        return format_html(
            '<dl class="library-details">{}</dl>',
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
        )

    @admin.display(description="Used in")
    def used_in(self, item):
        found = usage.used_in(item)
        if not found:
            return "Not used in any post."
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((admin_link(o),) for o in found))
        )


def json_error(message, status):
    return JsonResponse({"error": {"message": message}}, status=status)


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    list_display = ["url", "status", "provider_name", "title", "fetched_at"]
    list_filter = ["status", "provider"]
    search_fields = ["url", "title", "author_name"]
    readonly_fields = [field.name for field in Embed._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
