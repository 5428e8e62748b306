from django.http import HttpResponse
from django.views.decorators.cache import cache_control

from . import avatars


@cache_control(public=True, max_age=30 * 24 * 3600, immutable=True)
def avatar(request, key):
    """An identicon: the same picture for the same key, for ever."""
    return HttpResponse(avatars.identicon_svg(key), content_type="image/svg+xml")
