from django.conf import settings
from django.utils.functional import SimpleLazyObject

from core import pagecache

from . import menus, widgets
from .models import Category


def blog(request):
    """Site identity, the menus, and the top-level categories the header shows when there
    is no primary menu (each made only if shown, and once per change of what it shows)."""
    return {
        "blog_title": settings.BLOG_TITLE,
        "blog_tagline": settings.BLOG_TAGLINE,
        "nav_categories": SimpleLazyObject(top_level_categories),
        "widgets": SimpleLazyObject(widgets.rendered_widgets),
        "primary_menu": SimpleLazyObject(lambda: menus.rendered("primary")),
        "footer_menu": SimpleLazyObject(lambda: menus.rendered("footer")),
    }


def top_level_categories():
    # A category's change (its name, place, a new or deleted one) moves "menus".
    return pagecache.for_this_version(
        "nav-categories", lambda: list(Category.objects.top_level()), keys=("menus",)
    )
