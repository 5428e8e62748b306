"""`reverse()` remembered per arguments, for the links of posts, categories and tags.

A list page links each of its posts, their authors and categories several times, and
Django's `reverse()` costs more than the rest of making a link; a link only changes with
the URL configuration or the script prefix, which are part of what is remembered.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def link(viewname, **kwargs):
    return _reverse(
        viewname,
        tuple(kwargs.items()),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )


@functools.lru_cache(maxsize=16384)
def _reverse(viewname, kwargs, prefix, urlconf):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
