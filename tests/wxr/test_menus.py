"""Navigation menus come in from a WordPress export, and go back out as WordPress writes them."""

import pytest
from lxml import etree

from posts.models import Menu, MenuItem
from tests.conftest import clear_cache

from .helpers import item, run_export, run_import, write, wxr

pytestmark = pytest.mark.django_db

WP = "{http://wordpress.org/export/1.2/}"

TERMS = """
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>python</wp:tag_slug>
<wp:tag_name><![CDATA[Python]]></wp:tag_name></wp:tag>
<wp:term><wp:term_id>7</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>
<wp:term_slug><![CDATA[main]]></wp:term_slug>
<wp:term_name><![CDATA[Main menu]]></wp:term_name></wp:term>
<wp:term><wp:term_id>8</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>
<wp:term_slug><![CDATA[social]]></wp:term_slug>
<wp:term_name><![CDATA[Social]]></wp:term_name></wp:term>
"""


def meta(key, value):
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def menu_item(wp_id, order, kind, obj, object_id, *, parent=0, url="", title="", menu="main"):
    fields = {
        "_menu_item_type": kind,
        "_menu_item_menu_item_parent": parent,
        "_menu_item_object_id": object_id,
        "_menu_item_object": obj,
        "_menu_item_url": url,
    }
    return f"""<item><title>{title}</title>
<wp:post_id>{wp_id}</wp:post_id><wp:menu_order>{order}</wp:menu_order>
<wp:status>publish</wp:status><wp:post_type>nav_menu_item</wp:post_type>
<category domain="nav_menu" nicename="{menu}"><![CDATA[Menu]]></category>
{"".join(meta(k, v) for k, v in fields.items())}</item>"""


def page(wp_id, title, slug, parent=0):
    return item(
        wp_id,
        title,
        post_type="page",
        extra=f"<wp:post_name>{slug}</wp:post_name><wp:post_parent>{parent}</wp:post_parent>",
    )


LOCATIONS = (
    "<wp:nav_menu_locations>"
    '<![CDATA[a:2:{s:6:"footer";i:8;s:7:"primary";i:7;}]]>'
    "</wp:nav_menu_locations>"
)


def export_with_menus(locations=LOCATIONS):
    # Menu items come before the pages they point at, as in WordPress's exports (by id).
    return wxr(
        TERMS,
        locations,
        menu_item(20, 1, "post_type", "page", 30),
        menu_item(21, 2, "post_type", "page", 31, parent=20),
        menu_item(
            22,
            3,
            "custom",
            "custom",
            22,
            parent=20,
            url="https://old.example.com/shop/",
            title="Shop",
        ),
        menu_item(23, 4, "taxonomy", "category", 3),
        menu_item(24, 5, "taxonomy", "post_tag", 4, title="All about Python"),
        menu_item(25, 6, "post_type", "post", 40),
        menu_item(26, 7, "custom", "custom", 26, url="javascript:alert(1)", title="Bad"),
        menu_item(
            27,
            1,
            "custom",
            "custom",
            27,
            url="https://mastodon.example/@me",
            title="Mastodon",
            menu="social",
        ),
        page(30, "About", "about"),
        page(31, "Team", "team", parent=30),
        item(40, "Hello"),
    ).replace("https://small.example.com", "https://old.example.com")


def tree(menu):
    def entries(parent):
        return [
            (i.label, str(i.page or i.post or i.category or i.tag or i.url), entries(i))
            for i in menu.items.filter(parent=parent).select_related(
                "page", "post", "category", "tag"
            )
        ]

    return entries(None)


def test_menus_point_at_the_imported_pages_posts_terms_and_links_nested_and_in_order(tmp_path):
    output = run_import(write(tmp_path, export_with_menus()))

    main = Menu.objects.get(name="Main menu")
    assert tree(main) == [
        ("", "About", [("", "Team", []), ("Shop", "/shop/", [])]),
        ("", "News", []),
        ("All about Python", "Python", []),
        ("", "Hello", []),
    ]
    assert "2 menus; 7 menu items" in output
    assert "menu items: 1 custom links that are not web addresses" in output


def test_menus_take_the_locations_the_file_gives(tmp_path):
    run_import(write(tmp_path, export_with_menus()))

    assert dict(Menu.objects.values_list("name", "location")) == {
        "Main menu": Menu.Location.PRIMARY,
        "Social": Menu.Location.FOOTER,
    }


def test_without_locations_the_first_menu_goes_in_the_header(tmp_path):
    output = run_import(write(tmp_path, export_with_menus(locations="")))

    assert Menu.objects.get(location=Menu.Location.PRIMARY).name == "Main menu"
    assert Menu.objects.get(name="Social").location == ""
    assert "the first menu is in the header" in output


def test_the_imported_menu_is_shown_in_the_header(tmp_path, client):
    run_import(write(tmp_path, export_with_menus()))
    clear_cache()

    header = client.get("/").text.split('<main id="content"')[0]

    assert '<a href="/about/team/">Team</a>' in header
    assert '<a href="/shop/">Shop</a>' in header
    assert '<a href="/tag/python/">All about Python</a>' in header


def test_importing_menus_twice_changes_nothing(tmp_path):
    path = write(tmp_path, export_with_menus())
    run_import(path)
    before = list(MenuItem.objects.order_by("pk").values())

    output = run_import(path)

    assert list(MenuItem.objects.order_by("pk").values()) == before
    assert Menu.objects.count() == 2
    assert "menus: 2 already here (matched by name)" in output


def test_menus_are_exported_as_wordpress_writes_them(tmp_path):
    run_import(write(tmp_path, export_with_menus()))

    tree_ = etree.fromstring(run_export().encode())

    channel = tree_.find("channel")
    menus = {
        t.findtext(f"{WP}term_id"): t.findtext(f"{WP}term_slug")
        for t in channel.iter(f"{WP}term")
        if t.findtext(f"{WP}term_taxonomy") == "nav_menu"
    }
    assert sorted(menus.values()) == ["main-menu", "social"]
    items = {
        i.findtext(f"{WP}post_id"): i
        for i in channel.iter("item")
        if i.findtext(f"{WP}post_type") == "nav_menu_item"
    }
    assert len(items) == 7

    def meta_of(i):
        return {
            m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
            for m in i.iter(f"{WP}postmeta")
        }

    team = next(
        i
        for i in items.values()
        if meta_of(i)["_menu_item_object"] == "page"
        and meta_of(i)["_menu_item_menu_item_parent"] != "0"
    )
    about_item = items[meta_of(team)["_menu_item_menu_item_parent"]]
    assert meta_of(about_item)["_menu_item_type"] == "post_type"
    about_page = next(
        i
        for i in channel.iter("item")
        if i.findtext(f"{WP}post_id") == meta_of(about_item)["_menu_item_object_id"]
    )
    assert about_page.findtext(f"{WP}post_name") == "about"
    assert team.find("category").get("domain") == "nav_menu"
    orders = sorted(
        int(i.findtext(f"{WP}menu_order"))
        for i in items.values()
        if i.find("category").get("nicename") == "main-menu"
    )
    assert orders == [1, 2, 3, 4, 5, 6]


def test_exported_menus_come_back_the_same(tmp_path):
    run_import(write(tmp_path, export_with_menus()))
    before = {m.name: (m.location, tree(m)) for m in Menu.objects.all()}
    exported = write(tmp_path, run_export(), "site.xml")
    Menu.objects.all().delete()

    run_import(exported)

    assert {m.name: (m.location, tree(m)) for m in Menu.objects.all()} == before


def test_a_menu_without_items_is_kept_but_not_put_in_the_header(tmp_path):
    run_import(write(tmp_path, wxr(TERMS, item(1))))

    assert set(Menu.objects.values_list("name", "location")) == {("Main menu", ""), ("Social", "")}
