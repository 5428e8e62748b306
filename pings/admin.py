"""The pings a post sent (on its admin screen) and the Webmentions received: records, not forms."""

from django.contrib import admin
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join

from posts.admin import PostAdmin

from .models import IncomingWebmention


@admin.display(description="Trackbacks, pingbacks and Webmentions sent")
def pings_sent(post):
    attempts = list(post.outgoing_pings.all())
    if not attempts:
        return "None yet: pages this post links to are pinged when it is published."
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                a.target_url,
                a.get_kind_display(),
                a.get_result_display(),
                a.message,
                localize(a.finished) if a.finished else "",
            )
            for a in attempts
        ),
    )
    return format_html(
        "<table><thead><tr><th>Target</th><th>Kind</th><th>Result</th><th>Message</th>"
        "<th>When</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )


PostAdmin.add_panel("Pings sent", pings_sent)


@admin.register(IncomingWebmention)
class IncomingWebmentionAdmin(admin.ModelAdmin):
    """Each Webmention received and what its verification found: a record, not a form."""

    list_display = ["source", "post", "result", "message", "created", "finished"]
    list_filter = ["result", "created"]
    search_fields = ["source", "target", "ip"]
    list_select_related = ["post"]
    readonly_fields = [
        "post",
        "source",
        "target",
        "result",
        "message",
        "response",
        "ip",
        "user_agent",
        "created",
        "finished",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
