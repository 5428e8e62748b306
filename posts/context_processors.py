from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import menus, widgets
from .models import Category


def blog(request):
    """Site identity, the menus, and the top-level categories the header shows when there
    is no primary menu (each queried only if shown)."""
    return {
        "blog_title": settings.BLOG_TITLE,
        "blog_tagline": settings.BLOG_TAGLINE,
        "nav_categories": SimpleLazyObject(lambda: list(Category.objects.top_level())),
        "widgets": SimpleLazyObject(widgets.rendered_widgets),
        "primary_menu": SimpleLazyObject(lambda: menus.rendered("primary")),
        "footer_menu": SimpleLazyObject(lambda: menus.rendered("footer")),
    }
