"""Navigation menus: `nav_menu` terms become `Menu`s, `nav_menu_item` items their entries.

A menu item names what it points at by the file's own ids (`_menu_item_object_id`: a
post's or page's `wp:post_id`, a category's or tag's `wp:term_id`) or, for a custom
link, by its URL; its parent is another menu item's id. Pages are written at the end of
the run, so the items are kept until then, and written with their targets, order
(`menu_order`) and nesting. A menu is matched by name: one already here keeps its items,
so a second run adds nothing. The menu locations, when the file carries them
(`nav_menu_locations`, as the theme stores them), place the menus; otherwise the first
menu with items goes where the header shows it, if no menu is there yet.
"""

import re
from dataclasses import dataclass

from posts.models import Menu, MenuItem

# "primary" → Menu.Location.PRIMARY: the theme locations WordPress themes name most.
LOCATIONS = {
    "primary": Menu.Location.PRIMARY,
    "main": Menu.Location.PRIMARY,
    "header": Menu.Location.PRIMARY,
    "top": Menu.Location.PRIMARY,
    "menu-1": Menu.Location.PRIMARY,
    "footer": Menu.Location.FOOTER,
    "menu-2": Menu.Location.FOOTER,
}
# One entry of a PHP-serialized array of strings to integers: s:7:"primary";i:5;
SERIALIZED_ENTRY = re.compile(r's:\d+:"([^"]*)";i:(\d+);')
CUSTOM_URL = re.compile(r"^(?:https?://|/|#)", re.IGNORECASE)


@dataclass
class MenuItemRecord:
    """A menu item read from the file, waiting for the end, when its target is written."""

    wp_id: int | None
    menu: str
    label: str
    order: int
    type: str
    object: str
    object_id: int
    parent: int
    url: str


def _number(text):
    text = (text or "").strip()
    return int(text) if text.isdigit() else 0


class MenusMixin:
    """Keeps `menus_by_name` (here before or made now), the file's menu terms (slug →
    name, term id → slug) and the menu items read so far."""

    def _start_menus(self):
        self.menus_by_name = dict(Menu.objects.values_list("name", "pk"))
        self._menu_terms, self._menu_term_ids = {}, {}
        self._menu_items = []

    def _menu_term(self, term):
        slug = term.slug or term.name
        self._menu_terms[slug] = term.name or slug
        if term.term_id:
            self._menu_term_ids[term.term_id] = slug

    def _menu_item(self, item):
        if (item.status or "publish").strip().lower() != "publish":
            self.summary.skip("menu items", "not published (a menu being edited)")
            return
        menu = next((t for t in item.terms if t.domain == "nav_menu"), None)
        if menu is None:
            self.summary.skip("menu items", "in no menu")
            return
        slug = menu.nicename or menu.name
        self._menu_terms.setdefault(slug, menu.name or slug)
        meta = item.meta
        self._menu_items.append(
            MenuItemRecord(
                wp_id=item.wp_id,
                menu=slug,
                label=item.title.strip()[:200],
                order=item.menu_order,
                type=meta.get("_menu_item_type", "").strip(),
                object=meta.get("_menu_item_object", "").strip(),
                object_id=_number(meta.get("_menu_item_object_id")),
                parent=_number(meta.get("_menu_item_menu_item_parent")),
                url=meta.get("_menu_item_url", "").strip(),
            )
        )

    def _create_menus(self):
        """Once pages are written: each new menu with its items, nested and in order."""
        new_menus = {}
        for slug, name in self._menu_terms.items():
            name = name[:100]
            if name in self.menus_by_name:
                self.summary.skip("menus", "already here (matched by name)")
                continue
            menu = Menu.objects.create(name=name)
            self.menus_by_name[name] = menu.pk
            new_menus[slug] = menu
            self.summary.add("menus")
        items, records = [], []
        for record in self._menu_items:
            menu = new_menus.get(record.menu)
            if menu is None:
                self.summary.skip("menu items", "already here (their menu is)")
                continue
            item = self._menu_item_row(menu, record)
            if item is not None:
                items.append(item)
                records.append(record)
        MenuItem.objects.bulk_create(items, batch_size=self.batch_size)
        self._nest_menu_items(items, records)
        if items:
            self.summary.imported["menu items"] += len(items)
        if new_menus:
            with_items = {item.menu_id for item in items}
            self._place_menus(new_menus, [m for m in new_menus.values() if m.pk in with_items])

    def _menu_item_row(self, menu, record):
        item = MenuItem(menu=menu, label=record.label, order=record.order)
        if record.type == "custom":
            if not CUSTOM_URL.match(record.url):
                self.summary.skip("menu items", "custom links that are not web addresses")
                return None
            item.url = self._local_url(record.url)[:500]
            item.label = item.label or item.url[:200]
            return item
        if record.type == "post_type" and record.object in {"post", "page"}:
            kind, pk = self.file_entries.get(record.object_id, (None, None))
            if pk is None or kind != record.object:
                self.summary.skip("menu items", f"pointing at a {record.object} not imported")
                return None
            setattr(item, f"{record.object}_id", pk)
            return item
        if record.type == "taxonomy" and record.object in {"category", "post_tag"}:
            kind, pk = self.terms_by_id.get(record.object_id, (None, None))
            wanted = "category" if record.object == "category" else "tag"
            if pk is None or kind != wanted:
                self.summary.skip("menu items", f"pointing at a {wanted} not in the file")
                return None
            setattr(item, f"{wanted}_id", pk)
            return item
        self.summary.skip("menu items", f"pointing at a {record.object or record.type!r}")
        return None

    def _local_url(self, url):
        """A custom link to the old site becomes a path here: its redirects follow it."""
        for base in (self.channel.base_site_url, self.channel.base_blog_url, self.channel.link):
            base = base.rstrip("/")
            if base and url.lower().startswith(base.lower() + "/"):
                return url[len(base) :]
        return url

    def _nest_menu_items(self, items, records):
        by_wp_id = {
            record.wp_id: item for item, record in zip(items, records, strict=True) if record.wp_id
        }
        parents = {record.wp_id: record.parent for record in records if record.wp_id}
        nested = []
        for item, record in zip(items, records, strict=True):
            parent = by_wp_id.get(record.parent) if record.parent else None
            if record.parent and (parent is None or parent.menu_id != item.menu_id):
                self.summary.warn(
                    "Menu items whose parent item was not imported were put at the top"
                )
            elif parent is not None and self._loops(record.wp_id, parents):
                self.summary.warn("Menu items whose parents loop back to them were put at the top")
            elif parent is not None:
                item.parent_id = parent.pk
                nested.append(item)
        MenuItem.objects.bulk_update(nested, ["parent"], batch_size=self.batch_size)

    def _place_menus(self, new_menus, with_items):
        """Menus at the locations the file names, else the first one with items at the
        header (an empty one would hide the header's categories)."""
        taken = set(Menu.objects.exclude(location="").values_list("location", flat=True))
        placed = False
        for name, term_id in SERIALIZED_ENTRY.findall(self.channel.nav_menu_locations):
            location = LOCATIONS.get(name.lower())
            menu = new_menus.get(self._menu_term_ids.get(int(term_id)))
            if location and menu is not None and location not in taken and not menu.location:
                menu.location = location
                menu.save(update_fields=["location"])
                taken.add(location)
                placed = True
        if not placed and with_items and Menu.Location.PRIMARY not in taken:
            menu = with_items[0]
            menu.location = Menu.Location.PRIMARY
            menu.save(update_fields=["location"])
            if len(new_menus) > 1:
                self.summary.warn(
                    "The file names no menu locations: the first menu is in the header, the "
                    "others are kept unplaced (place them in the admin under Menus)"
                )
