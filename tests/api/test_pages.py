"""`/wp-json/wp/v2/pages`: what the public pages show, nested by parent, and writing as the
page screen allows it (Editors manage pages)."""

import pytest

from posts.models import Page, Post
from tests.conftest import make_page, make_user
from tests.library.helpers import make_item

from .conftest import client_for

pytestmark = pytest.mark.django_db


def titles(response):
    return [item["title"]["rendered"] for item in response.json()]


def test_a_page_reads_in_wordpress_shape(api):
    about = make_page("About", menu_order=2)
    team = make_page("Team", parent=about, body="<p>Who we are.</p>")

    response = api.get(f"/wp-json/wp/v2/pages/{team.pk}")

    assert response.status_code == 200
    item = response.json()
    assert item["type"] == "page" and item["slug"] == "team" and item["status"] == "publish"
    assert item["link"].endswith("/about/team/")
    assert item["parent"] == about.pk and item["menu_order"] == 0 and item["template"] == ""
    assert item["content"] == {"rendered": "<p>Who we are.</p>", "protected": False}
    assert item["author"] == team.author_id and item["featured_media"] == 0
    assert item["comment_status"] == "open"
    assert {"date", "date_gmt", "modified", "excerpt"} <= set(item)
    assert "raw" not in item["content"] and "categories" not in item


def test_the_public_list_never_shows_drafts_or_private_pages(api):
    make_page("Public")
    make_page("Draft", status=Post.Status.DRAFT)
    make_page("Private", status=Post.Status.PRIVATE)

    response = api.get("/wp-json/wp/v2/pages")

    assert titles(response) == ["Public"]
    assert response["X-WP-Total"] == "1" and response["X-WP-TotalPages"] == "1"
    draft = Page.objects.get(title="Draft")
    assert api.get(f"/wp-json/wp/v2/pages/{draft.pk}").json()["code"] == "rest_page_invalid_id"


def test_a_protected_pages_text_is_not_given_to_the_public(api):
    page = make_page("Members", password="secret", body="<p>Only for members.</p>")

    item = api.get(f"/wp-json/wp/v2/pages/{page.pk}").json()

    assert item["content"] == {"rendered": "", "protected": True}
    assert item["excerpt"]["rendered"] == ""


def test_pages_filter_by_parent_slug_and_search_and_order_by_menu_order(api):
    about = make_page("About")
    make_page("Team", parent=about, menu_order=2)
    make_page("History", parent=about, menu_order=1, body="<p>Founded by the harbour.</p>")
    make_page("Contact")

    children = api.get(f"/wp-json/wp/v2/pages?parent={about.pk}&orderby=menu_order&order=asc")
    assert titles(children) == ["History", "Team"]
    top = api.get("/wp-json/wp/v2/pages?parent=0&orderby=title&order=asc")
    assert titles(top) == ["About", "Contact"]
    assert titles(api.get("/wp-json/wp/v2/pages?slug=contact")) == ["Contact"]
    assert titles(api.get("/wp-json/wp/v2/pages?search=harbour")) == ["History"]
    bad = api.get("/wp-json/wp/v2/pages?orderby=sticky")
    assert bad.status_code == 400 and bad.json()["code"] == "rest_invalid_param"
    assert api.get("/wp-json/wp/v2/pages?parent=x").status_code == 400


def test_pages_are_paged_with_wordpress_headers(api):
    for n in range(3):
        make_page(f"Page {n}")

    response = api.get("/wp-json/wp/v2/pages?per_page=2&page=2")

    assert len(response.json()) == 1
    assert response["X-WP-Total"] == "3" and response["X-WP-TotalPages"] == "2"


def test_embed_gives_the_author_the_featured_image_and_the_parent(api):
    about = make_page("About")
    picture = make_item(alt="The harbour at dawn")
    team = make_page("Team", parent=about, featured_image=picture)

    item = api.get(f"/wp-json/wp/v2/pages/{team.pk}?_embed").json()

    assert item["featured_media"] == picture.pk
    embedded = item["_embedded"]
    assert embedded["author"][0]["id"] == team.author_id
    assert embedded["wp:featuredmedia"][0]["alt_text"] == "The harbour at dawn"
    assert embedded["up"][0]["id"] == about.pk and embedded["up"][0]["type"] == "page"
    assert item["_links"]["up"][0]["href"].endswith(f"/wp-json/wp/v2/pages/{about.pk}")


def test_a_draft_parent_is_not_embedded_for_the_public(api):
    about = make_page("Hidden parent", status=Post.Status.DRAFT)
    team = make_page("Team", parent=about)

    item = api.get(f"/wp-json/wp/v2/pages/{team.pk}?_embed").json()

    assert "up" not in item["_embedded"]


def test_edit_context_needs_the_right_to_edit(api, editor_user):
    page = make_page("About", body="<p>Hi</p>")
    refused = api.get(f"/wp-json/wp/v2/pages/{page.pk}?context=edit")
    assert refused.status_code == 401 and refused.json()["code"] == "rest_forbidden_context"

    item = client_for(editor_user).get(f"/wp-json/wp/v2/pages/{page.pk}?context=edit").json()

    assert item["content"]["raw"] == "<p>Hi</p>" and item["title"]["raw"] == "About"


def test_an_editor_creates_a_page_under_a_parent_and_publishes_it(editor_user):
    about = make_page("About")
    api = client_for(editor_user)

    created = api.post(
        "/wp-json/wp/v2/pages",
        {
            "title": "Team",
            "content": "<p>Us.</p><script>alert(1)</script>",
            "parent": about.pk,
            "menu_order": 3,
            "status": "publish",
        },
        format="json",
    )

    assert created.status_code == 201, created.json()
    page = Page.objects.get(pk=created.json()["id"])
    assert page.path == "about/team" and page.menu_order == 3 and page.is_published
    assert "<script" not in page.body and page.author == editor_user
    assert created["Location"].endswith(f"/wp-json/wp/v2/pages/{page.pk}")
    assert not page.categories.exists()

    moved = api.post(f"/wp-json/wp/v2/pages/{page.pk}", {"parent": 0}, format="json")
    assert moved.status_code == 200 and moved.json()["parent"] == 0
    page.refresh_from_db()
    assert page.path == "team"


def test_a_page_cannot_take_an_address_the_blog_uses(editor_user):
    response = client_for(editor_user).post(
        "/wp-json/wp/v2/pages", {"title": "Feeds", "slug": "category"}, format="json"
    )
    assert response.status_code == 400 and response.json()["data"]["params"]["slug"]
    assert not Page.objects.exists()


def test_a_page_cannot_be_put_under_its_own_child(editor_user):
    about = make_page("About")
    team = make_page("Team", parent=about)

    response = client_for(editor_user).post(
        f"/wp-json/wp/v2/pages/{about.pk}", {"parent": team.pk}, format="json"
    )

    assert response.status_code == 400 and "parent" in response.json()["data"]["params"]
    about.refresh_from_db()
    assert about.parent_id is None


def test_an_author_may_not_edit_someone_elses_page(author_user):
    page = make_page("About", author=make_user(groups=["Editors"]))
    api = client_for(author_user)

    response = api.post(f"/wp-json/wp/v2/pages/{page.pk}", {"title": "Mine"}, format="json")

    assert response.status_code == 403 and response.json()["code"] == "rest_cannot_edit"
    assert api.delete(f"/wp-json/wp/v2/pages/{page.pk}").json()["code"] == "rest_cannot_delete"
    page.refresh_from_db()
    assert page.title == "About"


def test_authors_may_not_create_pages(author_user):
    response = client_for(author_user).post("/wp-json/wp/v2/pages", {"title": "x"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "rest_cannot_create"
    assert not Page.objects.exists()


def test_a_wrong_or_revoked_application_password_writes_nothing(editor_user):
    api = client_for(editor_user)
    editor_user.application_passwords.all().delete()

    revoked = api.post("/wp-json/wp/v2/pages", {"title": "x"}, format="json")

    assert revoked.status_code == 401 and revoked.json()["code"] == "incorrect_password"
    assert not Page.objects.exists()


def test_bad_json_and_bad_fields_are_refused_whole(editor_user):
    api = client_for(editor_user)
    broken = api.generic(
        "POST", "/wp-json/wp/v2/pages", '{"title": ', content_type="application/json"
    )
    assert broken.status_code == 400 and broken.json()["code"] == "rest_invalid_json"
    bad = api.post(
        "/wp-json/wp/v2/pages",
        {"title": "Fine", "menu_order": "first", "parent": 999_999},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["data"]["params"]) == {"menu_order", "parent"}
    assert not Page.objects.exists()


def test_an_editor_deletes_a_page(editor_user):
    page = make_page("Old")

    response = client_for(editor_user).delete(f"/wp-json/wp/v2/pages/{page.pk}?force=true")

    assert response.status_code == 200 and response.json()["previous"]["id"] == page.pk
    assert not Page.objects.filter(pk=page.pk).exists()


def test_a_public_pages_html_points_at_it_in_the_api(client):
    page = make_page("About")
    link = client.get(page.get_absolute_url())["Link"]
    assert f'/wp-json/wp/v2/pages/{page.pk}>; rel="alternate"' in link


def test_a_pages_comments_are_listed_and_taken_through_the_api(api, author_user):
    from comments.models import Comment

    page = make_page("Guestbook")
    shown = Comment.objects.create(
        post=page, author_name="Ann", body="<p>Hello</p>", status="approved"
    )

    listed = api.get(f"/wp-json/wp/v2/comments?post={page.pk}").json()

    assert [c["id"] for c in listed] == [shown.pk]
    assert listed[0]["_links"]["up"][0]["href"].endswith(f"/wp-json/wp/v2/pages/{page.pk}")
    created = client_for(author_user).post(
        "/wp-json/wp/v2/comments", {"post": page.pk, "content": "Nice page."}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert Comment.objects.filter(post=page).count() == 2


def test_the_index_lists_the_pages_and_media_routes(api):
    routes = api.get("/wp-json/").json()["routes"]
    for route in ("/wp/v2/pages", "/wp/v2/media"):
        assert routes[route]["methods"] == ["GET", "POST"]
        assert "DELETE" in routes[route + "/(?P<id>[\\d]+)"]["methods"]
