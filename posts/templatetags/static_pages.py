"""Template filters for static pages (django.contrib.flatpages)."""

from django import template
from django.utils.safestring import mark_safe

from core.sanitize import sanitize_post_html

register = template.Library()


@register.filter
def sanitized(html):
    """A page's HTML through the one sanitizer: the flat page admin saves it as typed."""
    return mark_safe(sanitize_post_html(str(html)))
