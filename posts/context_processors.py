from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import widgets
from .models import Category


def blog(request):
    """Site identity and the navigation's top-level categories (queried only if shown)."""
    return {
        "blog_title": settings.BLOG_TITLE,
        "blog_tagline": settings.BLOG_TAGLINE,
        "nav_categories": SimpleLazyObject(lambda: list(Category.objects.top_level())),
        "widgets": SimpleLazyObject(widgets.rendered_widgets),
    }
