"""Navigation menus: edited in the admin, rendered in the header and footer from one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts import menus
from posts.models import Menu, MenuItem, Post
from tests.comments.helpers import parse_html
from tests.conftest import clear_cache, make_category, make_page, make_post, make_tag

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/posts/menu/add/"


def primary_menu(**fields):
    return Menu.objects.create(name="Main", location=Menu.Location.PRIMARY, **fields)


def header_of(response):
    assert response.status_code == 200
    return response.text.split('<main id="content"')[0]


def menu_form(name="Main", location="primary", items=(), initial=0):
    """The admin's add/change form for a menu with its inline items (dicts of fields)."""
    data = {
        "name": name,
        "location": location,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": initial,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for n, item in enumerate(items):
        for key, value in item.items():
            data[f"items-{n}-{key}"] = value
    return data


def test_a_nested_page_in_the_primary_menu_is_in_the_header(client):
    about = make_page("About")
    team = make_page("Team", parent=about)
    menu = primary_menu()
    top = MenuItem.objects.create(menu=menu, page=about, order=1)
    MenuItem.objects.create(menu=menu, page=team, parent=top, order=1)

    header = header_of(client.get("/"))

    assert '<nav aria-label="Main menu"' in header
    assert "<summary>About</summary>" in header
    assert '<a href="/about/">About</a>' in header
    assert '<a href="/about/team/">Team</a>' in header


def test_menu_items_point_at_categories_tags_posts_and_custom_urls_in_order(client):
    menu = primary_menu()
    post = make_post("A post")
    MenuItem.objects.create(menu=menu, url="https://example.com/", label="Elsewhere", order=4)
    MenuItem.objects.create(menu=menu, post=post, order=3)
    MenuItem.objects.create(menu=menu, tag=make_tag("django"), order=2)
    MenuItem.objects.create(menu=menu, category=make_category("News"), label="All news", order=1)

    nav = parse_html(client.get("/").text).find("nav", **{"aria-label": "Main menu"})

    assert [(a.attrs["href"], a.text) for a in nav.find_all("a")] == [
        ("/category/news/", "All news"),
        ("/tag/django/", "django"),
        (post.get_absolute_url(), "A post"),
        ("https://example.com/", "Elsewhere"),
    ]


def test_without_a_primary_menu_the_header_shows_the_top_level_categories(client):
    make_category("Travel")

    header = header_of(client.get("/"))

    assert '<nav aria-label="Categories">' in header
    assert "/category/travel/" in header
    assert "Main menu" not in header


def test_the_header_categories_follow_each_change_of_them(client):
    travel = make_category("Travel")
    client.get("/")
    make_category("Food")
    travel.name = "Journeys"
    travel.save()

    header = header_of(client.get("/"))

    assert ">Food</a>" in header and ">Journeys</a>" in header and "Travel" not in header
    travel.delete()
    assert ">Journeys</a>" not in header_of(client.get("/"))


def test_the_footer_menu_is_in_the_footer(client):
    menu = Menu.objects.create(name="Legal", location=Menu.Location.FOOTER)
    MenuItem.objects.create(menu=menu, page=make_page("Imprint"))

    footer = client.get("/").text.split('<footer class="site-footer">')[1]

    assert '<nav aria-label="Footer menu"' in footer
    assert '<a href="/imprint/">Imprint</a>' in footer


def test_items_pointing_at_drafts_are_hidden_with_the_items_under_them(client):
    menu = primary_menu()
    draft = make_page("Soon", status=Post.Status.DRAFT)
    hidden = MenuItem.objects.create(menu=menu, page=draft)
    MenuItem.objects.create(menu=menu, page=make_page("Under soon"), parent=hidden)
    MenuItem.objects.create(menu=menu, post=make_post("Unpublished", status=Post.Status.DRAFT))
    MenuItem.objects.create(menu=menu, url="/shown/", label="Shown")

    assert [(e.label, e.children) for e in menus.tree("primary")] == [("Shown", [])]


def test_a_menu_without_a_location_is_not_shown(client):
    menu = Menu.objects.create(name="Spare")
    MenuItem.objects.create(menu=menu, url="/spare/", label="Spare link")

    assert "Spare link" not in client.get("/").text


def test_editing_a_menu_updates_cached_pages(client):
    item = MenuItem.objects.create(menu=primary_menu(), url="/a/", label="Before")
    assert "Before" in client.get("/").text
    assert client.get("/")["X-Page-Cache"] == "hit"

    item.label = "After"
    item.save()

    response = client.get("/")
    assert "After" in response.text and "Before" not in response.text


def test_menus_render_in_one_query_however_many_items(client):
    def cold_home():
        client.get("/")
        clear_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    menu = primary_menu()
    MenuItem.objects.create(menu=menu, page=make_page("Only"))
    make_post("On the home page")
    with_one = cold_home()
    footer = Menu.objects.create(name="Footer", location=Menu.Location.FOOTER)
    for n in range(15):
        parent = MenuItem.objects.create(menu=menu, page=make_page(f"Page {n}"), order=n)
        MenuItem.objects.create(menu=menu, parent=parent, post=make_post(f"Post {n}"))
        MenuItem.objects.create(menu=menu, parent=parent, category=make_category(f"C{n}"))
        MenuItem.objects.create(menu=footer, tag=make_tag(f"t{n}"))
    with_sixty = cold_home()

    assert with_sixty == with_one <= 8  # the home page's pin (tests/posts/test_reader_queries.py)
    with CaptureQueriesContext(connection) as queries:
        clear_cache()
        assert len(menus.trees()["primary"]) == 16
    assert len(queries) == 1


def test_the_admin_saves_a_menu_with_nested_items(admin_client):
    about = make_page("About")
    team = make_page("Team", parent=about)

    response = admin_client.post(
        ADD_URL,
        menu_form(items=[{"order": 10, "page": about.pk}, {"order": 20, "url": "/contact/"}]),
    )
    assert response.status_code == 302, response.content[:2000]
    menu = Menu.objects.get()
    top = menu.items.get(page=about)

    response = admin_client.post(
        f"/admin/posts/menu/{menu.pk}/change/",
        menu_form(
            items=[
                {"id": top.pk, "menu": menu.pk, "order": 10, "page": about.pk},
                {
                    "id": menu.items.get(url="/contact/").pk,
                    "menu": menu.pk,
                    "order": 20,
                    "url": "/contact/",
                },
                {"order": 5, "page": team.pk, "parent": top.pk},
            ],
            initial=2,
        ),
    )

    assert response.status_code == 302, response.content[:2000]
    assert menu.items.get(page=team).parent == top


def test_the_menu_editor_has_an_order_field_and_the_drag_script(admin_client):
    response = admin_client.get(ADD_URL)

    assert 'name="items-0-order"' in response.text
    assert "js/menu_order.js" in response.text


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"order": 1}, "Choose one thing for this item to point at"),
        ({"order": 1, "url": "/a/", "label": "Two", "tag": "TAG"}, "Choose one thing"),
        ({"order": 1, "url": "javascript:alert(1)"}, "Enter an address on this site"),
        ({"order": 1, "url": "//evil.example/"}, "Enter an address on this site"),
    ],
)
def test_a_bad_menu_item_is_refused_with_a_clear_error(admin_client, item, message):
    tag = make_tag("news")
    item = {key: (tag.pk if value == "TAG" else value) for key, value in item.items()}
    item.setdefault("label", "Bad")

    response = admin_client.post(ADD_URL, menu_form(items=[item]))

    assert response.status_code == 200
    assert message in response.text
    assert not Menu.objects.exists()


def test_an_item_cannot_drop_down_from_its_own_sub_item(admin_client):
    menu = primary_menu()
    top = MenuItem.objects.create(menu=menu, url="/top/", label="Top")
    below = MenuItem.objects.create(menu=menu, url="/below/", label="Below", parent=top)

    response = admin_client.post(
        f"/admin/posts/menu/{menu.pk}/change/",
        menu_form(
            items=[
                {
                    "id": top.pk,
                    "menu": menu.pk,
                    "order": 1,
                    "url": "/top/",
                    "label": "Top",
                    "parent": below.pk,
                },
                {
                    "id": below.pk,
                    "menu": menu.pk,
                    "order": 2,
                    "url": "/below/",
                    "label": "Below",
                    "parent": top.pk,
                },
            ],
            initial=2,
        ),
    )

    assert response.status_code == 200
    assert "cannot drop down from itself or its own sub-items" in response.text
    assert MenuItem.objects.get(pk=top.pk).parent is None


def test_two_menus_cannot_share_a_location(admin_client):
    primary_menu()

    response = admin_client.post(ADD_URL, menu_form(name="Another"))

    assert response.status_code == 200
    assert Menu.objects.count() == 1
