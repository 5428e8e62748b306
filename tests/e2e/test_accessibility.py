"""axe-core finds no serious or critical problems; pages fit a phone and 200 % zoom."""

import pytest
from django.utils import timezone

from comments.models import Comment
from tests.conftest import make_category, make_post, make_tag
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site():
    parent = make_category("Science", description="Notes on how things work.")
    child = make_category("Physics", parent=parent)
    post = make_post(
        "Why the sky is blue",
        categories=[child],
        tags=[make_tag("light")],
        body="<p>Sunlight scatters.</p><blockquote><p>Short waves scatter more.</p></blockquote>",
    )
    for n in range(3):
        Comment.objects.create(
            post=post,
            author_name=f"Reader {n}",
            author_email=f"r{n}@example.com",
            author_url="https://example.com/" if n else "",
            body=f"<p>Comment number {n}.</p>",
            status=Comment.Status.APPROVED,
            created=timezone.now() - timezone.timedelta(minutes=10 - n),
        )
    Comment.refresh_counts({post.pk})
    return {"post": post, "category": child}


def pages(site):
    return {
        "home": "/",
        "post": site["post"].get_absolute_url(),
        "category": site["category"].get_absolute_url(),
        "search": "/search/?q=sky",
        "sign-in": "/accounts/login/",
    }


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violations(new_context, site):
    page = new_context().new_page()
    for name, url in pages(site).items():
        response = page.goto(url)
        assert response.status == 200, url
        assert serious_violations(page) == [], name


@pytest.mark.parametrize(
    ("label", "viewport"),
    [("phone-320", {"width": 320, "height": 640}), ("zoom-200", {"width": 640, "height": 450})],
)
def test_pages_fit_narrow_screens_without_sideways_scrolling(new_context, site, label, viewport):
    page = new_context(viewport=viewport).new_page()
    for name, url in pages(site).items():
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, overflow)
        screenshot(page, f"{label}-{name}")


def test_desktop_screenshots(new_context, site):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    for name, url in pages(site).items():
        page.goto(url)
        screenshot(page, f"desktop-{name}")


def test_keyboard_focus_is_visible_and_the_skip_link_works(new_context, site):
    page = new_context().new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
