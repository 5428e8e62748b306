from django import template

from posts import dashboard as blog_dashboard

register = template.Library()


@register.inclusion_tag("admin/_dashboard.html", takes_context=True)
def dashboard(context):
    """At a Glance, Activity, Quick Draft and the user's drafts (posts/dashboard.py)."""
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **blog_dashboard.context(request),
    }
