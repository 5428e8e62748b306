from django import template

from .. import usage
from ..admin import admin_link

register = template.Library()


@register.simple_tag
def usage_of(items):
    """`[(item, [link, …]), …]` for the items (one or many) that are in use."""
    items = [items] if hasattr(items, "_meta") else items
    found = [(item, [admin_link(obj) for obj in usage.used_in(item)]) for item in items]
    return [(item, links) for item, links in found if links]
