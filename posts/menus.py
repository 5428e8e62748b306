"""Navigation menus: the tree a location shows, built from one query and rendered once per
content version, and the rules an item must follow to be saved."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.loader import render_to_string

from core import pagecache

from .models import MenuItem

# Of each target, what its label and address need: the menu stays one narrow query.
TARGET_FIELDS = {
    "page": ["kind", "path", "title", "status", "published_at"],
    "post": ["kind", "slug", "title", "status", "published_at"],
    "category": ["path", "name"],
    "tag": ["slug", "name"],
}
check_web_url = URLValidator(schemes=["http", "https"])


@dataclass
class Entry:
    label: str
    url: str
    children: list = field(default_factory=list)


def _entry(item):
    """What a reader sees of an item, or None when what it points at is not public."""
    target = item.page or item.post or item.category or item.tag
    if target is None:
        return Entry(item.label or item.url, item.url) if item.url else None
    if (item.page or item.post) and not target.is_published:
        return None
    name = getattr(target, "title", None) or getattr(target, "name", "")
    return Entry(item.label or name, target.get_absolute_url())


def trees():
    """Every shown menu as nested entries by location, from one query. An item that is
    hidden (a draft page) hides the items under it too."""
    only = ["menu__location", "parent_id", "order", "label", "url", *TARGET_FIELDS]
    only += [f"{name}__{part}" for name, parts in TARGET_FIELDS.items() for part in parts]
    items = list(
        MenuItem.objects.exclude(menu__location="")
        .select_related("menu", *TARGET_FIELDS)
        .only(*only)
        .order_by("order", "pk")
    )
    entries = {item.pk: _entry(item) for item in items}
    roots = {}
    for item in items:
        entry = entries[item.pk]
        if entry is None:
            continue
        if item.parent_id is None:
            roots.setdefault(item.menu.location, []).append(entry)
        elif entries.get(item.parent_id) is not None:
            entries[item.parent_id].children.append(entry)
    return roots


def tree(location):
    """The menu at `location` as nested entries, or [] when there is none."""
    return trees().get(location, [])


def _render_all():
    return {
        location: render_to_string("posts/_menu.html", {"entries": entries, "location": location})
        for location, entries in trees().items()
    }


def rendered(location):
    """The menu's HTML ("" for none): every menu is rendered once per content version (and
    process), together, from one query."""
    return pagecache.for_this_version("menus", _render_all).get(location, "")


def check_item(item):
    """An item points at exactly one thing, a custom URL is a web address or a path here,
    and its parent is an item of the same menu that is not below it."""
    chosen = [name for name in MenuItem.TARGETS[:-1] if getattr(item, f"{name}_id")]
    chosen += ["url"] if item.url else []
    if len(chosen) != 1:
        raise ValidationError(
            "Choose one thing for this item to point at: a page, a category, a tag, "
            "a post or a custom URL."
        )
    errors = {}
    if item.url and not item.url.startswith("/"):
        try:
            check_web_url(item.url)
        except ValidationError:
            errors["url"] = "Enter an address on this site (/about/) or a web address (https://…)."
    if item.url.startswith("//"):
        errors["url"] = "Enter an address on this site (/about/) or a web address (https://…)."
    if item.parent_id:
        if item.menu_id and item.parent.menu_id != item.menu_id:
            errors["parent"] = "The parent must be an item of the same menu."
        ancestor, seen = item.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if item.pk and ancestor.pk == item.pk:
                errors["parent"] = "An item cannot drop down from itself or its own sub-items."
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    if errors:
        raise ValidationError(errors)
