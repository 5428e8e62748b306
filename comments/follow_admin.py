"""The blog's followers in the admin: counts by status, search, CSV export; and, on each
post's screen, how many followers it was mailed to."""

import csv

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone

from posts.admin import PostAdmin

from . import follows
from .follow_models import Follower

Status = Follower.Status
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FollowerStatusFilter(admin.SimpleListFilter):
    """Confirmed / Pending / Unsubscribed, each with its count (one query)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = Follower.objects.aggregate(
            all=Count("pk"), **{s.value: Count("pk", filter=Q(status=s.value)) for s in Status}
        )
        self.counts = counts
        return [(s.value, f"{s.label} ({counts[s.value]})") for s in Status]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = f"All ({self.counts['all']})"
        return choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


def spreadsheet_safe(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "user", "created", "confirmed_at", "unsubscribed_at"]
    list_filter = [FollowerStatusFilter]
    search_fields = ["email", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["email", "user", "created", "confirmed_at", "unsubscribed_at"]
    fields = ["email", "status", "user", "created", "confirmed_at", "unsubscribed_at"]
    actions = ["export_csv"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        """Followers join through the Follow box and its confirmation mail only."""
        return False

    def changelist_view(self, request, extra_context=None):
        counts = Follower.objects.counts()
        order = [Status.CONFIRMED, Status.PENDING, Status.UNSUBSCRIBED]
        subtitle = ", ".join(f"{counts[s.value]} {s.label.lower()}" for s in order)
        return super().changelist_view(request, {"subtitle": subtitle, **(extra_context or {})})

    @admin.action(description="Export selected followers as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="followers-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "status", "account", "created", "confirmed", "unsubscribed"])
        rows = queryset.select_related("user").order_by("email")
        for follower in rows.iterator(chunk_size=2000):
            writer.writerow(
                spreadsheet_safe(value)
                for value in (
                    follower.email,
                    follower.status,
                    follower.user.get_username() if follower.user else "",
                    follower.created.isoformat(),
                    follower.confirmed_at.isoformat() if follower.confirmed_at else "",
                    follower.unsubscribed_at.isoformat() if follower.unsubscribed_at else "",
                )
            )
        return response


@admin.display(description="Mailed to followers")
def mailed_to_followers(post):
    sent = follows.sent_count(post)
    return f"{sent} follower{'' if sent == 1 else 's'}"


PostAdmin.add_panel("Followers", mailed_to_followers)
