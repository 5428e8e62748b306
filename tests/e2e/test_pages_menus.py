"""In a browser: an editor makes a nested page and puts it in the primary menu in the
admin, and a reader finds it in the header's dropdown; the dashboard, the page screen and
the menu editor pass axe-core and look right on a wide screen and a phone."""

import pytest

from comments.models import Comment
from posts.models import Menu, Page, Post
from tests.comments.helpers import make_comment
from tests.conftest import make_page, make_post, make_user
from tests.e2e.conftest import screenshot, wait_until
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "editor-pass-123"
WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 800}


@pytest.fixture
def editor():
    return make_user("editor", superuser=True, password=PASSWORD, first_name="Eda")


def signed_in(new_context, viewport=WIDE):
    page = new_context(viewport=viewport).new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


EDITOR_READY = "!!(window.tinymce && tinymce.activeEditor && tinymce.activeEditor.initialized)"


def write_page(admin, title, parent=None):
    admin.goto("/admin/posts/page/add/")
    admin.fill("#id_title", title)
    if parent:
        admin.select_option("#id_parent", label=parent)
    wait_until(admin, EDITOR_READY)
    admin.evaluate(f"tinymce.activeEditor.setContent('<p>All about {title}.</p>')")
    admin.select_option("#id_status", "published")
    admin.click("input[name=_save]")
    admin.wait_for_selector(".messagelist .success")


def test_a_nested_page_made_in_the_admin_is_in_the_header_menu(new_context, editor):
    admin = signed_in(new_context)
    write_page(admin, "About")
    write_page(admin, "Team", parent="About")
    assert Page.objects.get(title="Team").path == "about/team"

    admin.goto("/admin/posts/menu/add/")
    admin.fill("#id_name", "Main")
    admin.select_option("#id_location", "primary")
    admin.select_option("#id_items-0-page", label="About")
    admin.click("input[name=_continue]")
    admin.wait_for_selector(".messagelist .success")
    admin.select_option("#id_items-1-page", label="Team")
    admin.select_option("#id_items-1-parent", label="About")
    admin.click("input[name=_continue]")
    admin.wait_for_selector(".messagelist .success")
    menu = Menu.objects.get()
    assert menu.items.get(page__title="Team").parent.page.title == "About"

    reader = new_context(viewport=WIDE).new_page()
    reader.goto("/")
    nav = reader.locator("nav[aria-label='Main menu']")
    team_link = nav.get_by_role("link", name="Team")
    assert not team_link.is_visible()
    nav.locator("summary", has_text="About").click()
    team_link.click()
    reader.wait_for_url("**/about/team/")
    assert reader.locator("h1").inner_text() == "Team"
    assert "All about Team." in reader.content()
    assert serious_violations(reader) == []


def test_the_menu_editor_orders_items_by_dragging(new_context, editor):
    menu = Menu.objects.create(name="Main", location="primary")
    for n, title in enumerate(["First", "Second", "Third"]):
        menu.items.create(page=make_page(title), order=(n + 1) * 10)
    # Tall enough that the drag needs no scrolling, which would end it.
    admin = signed_in(new_context, {"width": 1280, "height": 2400})
    admin.goto(f"/admin/posts/menu/{menu.pk}/change/")

    handles = admin.locator(".menu-drag-handle")
    assert handles.count() == 5  # three items and two empty ones for new items
    handles.nth(2).drag_to(admin.locator(".inline-related").first, target_position={"x": 5, "y": 2})
    admin.click("input[name=_save]")
    admin.wait_for_selector(".messagelist .success")

    titles = [item.page.title for item in menu.items.order_by("order")]
    assert titles == ["Third", "First", "Second"]


def test_the_menu_editor_orders_items_with_the_keyboard(new_context, editor):
    menu = Menu.objects.create(name="Main", location="primary")
    for n, title in enumerate(["First", "Second"]):
        menu.items.create(page=make_page(title), order=(n + 1) * 10)
    admin = signed_in(new_context)
    admin.goto(f"/admin/posts/menu/{menu.pk}/change/")

    admin.locator(".menu-drag-handle").nth(1).press("ArrowUp")
    admin.click("input[name=_save]")
    admin.wait_for_selector(".messagelist .success")

    assert [item.page.title for item in menu.items.order_by("order")] == ["Second", "First"]


@pytest.fixture
def busy_blog(editor):
    from django.utils import timezone

    post = make_post("A published post", author=editor)
    make_post(
        "Coming soon", author=editor, published_at=timezone.now() + timezone.timedelta(days=1)
    )
    make_post("Half-written idea", author=editor, status=Post.Status.DRAFT)
    make_comment(
        post,
        author_name="Rita Reader",
        body="<p>A question about this.</p>",
        status=Comment.Status.PENDING,
    )
    make_comment(post, author_name="Sam", body="<p>Thanks!</p>")
    about = make_page("About")
    menu = Menu.objects.create(name="Main", location="primary")
    top = menu.items.create(page=about, order=10)
    menu.items.create(page=make_page("Team", parent=about), parent=top, order=20)
    menu.items.create(url="https://example.com/", label="Elsewhere", order=30)
    return menu


SCREENS = {
    "dashboard": lambda menu: "/admin/",
    "menu-editor": lambda menu: f"/admin/posts/menu/{menu.pk}/change/",
    "page-screen": lambda menu: "/admin/posts/page/add/",
}


@pytest.mark.parametrize("screen", SCREENS)
def test_admin_screens_have_no_serious_accessibility_problems(new_context, busy_blog, screen):
    admin = signed_in(new_context)
    admin.goto(SCREENS[screen](busy_blog))
    if screen == "page-screen":
        wait_until(admin, EDITOR_READY)

    assert serious_violations(admin) == []


@pytest.mark.parametrize(("size", "viewport"), [("1280", WIDE), ("375", PHONE)])
@pytest.mark.parametrize("screen", ["dashboard", "menu-editor"])
def test_screenshots_of_the_dashboard_and_the_menu_editor(
    new_context, busy_blog, screen, size, viewport
):
    admin = signed_in(new_context, viewport)
    admin.goto(SCREENS[screen](busy_blog))
    overflow = admin.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(admin, f"admin-{screen}-{size}")
    if screen == "dashboard":
        assert overflow <= 0


@pytest.mark.parametrize(("size", "viewport"), [("1280", WIDE), ("375", PHONE)])
def test_screenshots_of_the_header_menu_open(new_context, busy_blog, size, viewport):
    reader = new_context(viewport=viewport).new_page()
    reader.goto("/")
    reader.locator("nav[aria-label='Main menu'] summary").first.click()
    assert reader.get_by_role("link", name="Team").is_visible()
    assert serious_violations(reader) == []
    screenshot(reader, f"menu-open-{size}")
