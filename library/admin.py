"""The embeds the blog knows: what each provider said, and why a link was not embedded.

Deleting one makes the next save of a post that links it ask the provider again.
"""

from django.contrib import admin

from .models import Embed


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
