"""Registrations on Mastodon instances, for an admin to see and, if one went stale, delete.

An instance may forget the blog's app (its admin removed it); its sign-in page then
refuses the client id. Deleting the registration here makes the next sign-in from
that instance register the blog afresh. The secret is never shown.
"""

from django.contrib import admin

from .models import MastodonApp


@admin.register(MastodonApp)
class MastodonAppAdmin(admin.ModelAdmin):
    list_display = ["instance", "redirect_uri", "created"]
    search_fields = ["instance"]
    fields = ["instance", "redirect_uri", "client_id", "created"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
