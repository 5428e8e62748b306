"""Application passwords in the admin: each staff user manages their own, as in
WordPress's profile screen. A new password is shown once, then only its name."""

from django.contrib import admin, messages

from .models import ApplicationPassword


@admin.register(ApplicationPassword)
class ApplicationPasswordAdmin(admin.ModelAdmin):
    list_display = ["name", "created", "last_used", "last_ip"]
    readonly_fields = ["created", "last_used", "last_ip"]

    def get_fields(self, request, obj=None):
        return ["name"] if obj is None else ["name", *self.readonly_fields]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or obj.user_id == request.user.pk
        )

    has_add_permission = has_delete_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.user = request.user
        password = obj.set_new_password()
        obj.save()
        messages.warning(
            request,
            f"Your new password for {obj.name} is: {password} — "
            "copy it now; it will not be shown again.",
        )

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_post_save_add(request, obj)
