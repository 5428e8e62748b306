from django import template

from core import site_url

register = template.Library()


@register.filter
def absolute(path):
    """A path on this site as a full link from SITE_URL: `{{ post.get_absolute_url|absolute }}`."""
    return site_url.absolute(str(path))
