"""The pings and Webmentions a post sent, on its admin screen as a record, not a form."""

from django.contrib import admin
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join

from posts.admin import PostAdmin


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
