"""How a post's (already sanitized) body is served: images load lazily."""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

IMG_WITHOUT_LOADING = re.compile(r"<img(?![^>]*\sloading=)", re.IGNORECASE)


@register.filter(is_safe=True)
def lazy_images(html):
    """Body images are below the title and the featured image: let the browser defer them."""
    return mark_safe(IMG_WITHOUT_LOADING.sub('<img loading="lazy" decoding="async"', html))
