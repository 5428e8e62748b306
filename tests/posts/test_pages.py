"""Pages: rows of the Post table at nested addresses, outside every list of posts."""

import re

import pytest
from django.contrib.redirects.models import Redirect
from django.test import Client

from comments.models import Comment
from posts.models import Page, Post
from tests.comments.helpers import make_comment, post_comment, set_rules
from tests.conftest import make_page, make_post, make_user
from tests.posts.test_reader_queries import measured_get

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/posts/page/add/"


def page_form(author, **fields):
    data = {
        "title": "About us",
        "slug": "",
        "parent": "",
        "body": "<p>Who we are.</p>",
        "status": Post.Status.PUBLISHED,
        "menu_order": 0,
        "comments_open": "",
    }
    data.update(fields)
    return data


def test_a_page_nested_under_another_lives_at_parent_slash_child(client):
    about = make_page("About")
    make_page("Team", parent=about, body="<p>The people.</p>")

    response = client.get("/about/team/")

    assert response.status_code == 200
    assert '<h1 class="post-title">Team</h1>' in response.text
    assert "<p>The people.</p>" in response.text


def test_a_draft_page_is_not_found(client):
    make_page("Secret plans", status=Post.Status.DRAFT)

    assert client.get("/secret-plans/").status_code == 404


def test_a_draft_page_is_previewed_by_staff_who_may_edit_it(admin_client):
    make_page("Secret plans", status=Post.Status.DRAFT)

    response = admin_client.get("/secret-plans/")

    assert response.status_code == 200
    assert "Preview: this page is draft" in response.text


def test_an_address_with_no_page_is_not_found(client):
    make_page("About")

    assert client.get("/about/nobody/").status_code == 404


def test_pages_stay_out_of_the_lists_of_posts(client):
    make_post("A dated post")
    make_page("A timeless page")

    assert list(Post.objects.values_list("title", flat=True)) == ["A dated post"]
    assert "A timeless page" not in client.get("/").text
    assert "A timeless page" not in client.get("/feed/").text
    assert set(Post.entries.values_list("title", flat=True)) == {"A dated post", "A timeless page"}


def test_a_page_takes_a_comment_when_comments_are_open(client):
    set_rules(comments_must_be_approved=False, require_previous_approval=False)
    page = make_page("Guestbook", comments_open=True)
    assert "Leave a Reply" in client.get("/guestbook/").text

    response = post_comment(Client(), page, body="Lovely page.")

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.post_id == page.pk
    assert comment.status == Comment.Status.APPROVED
    assert "Lovely page." in client.get("/guestbook/").text
    assert Page.objects.get().comment_count == 1


def test_a_page_with_comments_closed_shows_no_comment_form(client):
    make_page("Colophon", comments_open=False)

    assert "Leave a Reply" not in client.get("/colophon/").text


def test_moving_a_page_moves_its_children(client):
    about, elsewhere = make_page("About"), make_page("Elsewhere")
    team = make_page("Team", parent=about)
    make_page("People", parent=team)

    about.parent = elsewhere
    about.save()

    assert client.get("/elsewhere/about/team/people/").status_code == 200
    assert client.get("/about/team/people/").status_code == 404


def test_slugs_are_unique_among_siblings_only():
    first, second = make_page("First"), make_page("Second")
    under_first, under_second = make_page("Notes", parent=first), make_page("Notes", parent=second)
    again = make_page("Notes", parent=first)

    assert (under_first.slug, under_second.slug, again.slug) == ("notes", "notes", "notes-2")


def test_a_page_and_a_post_may_share_a_slug():
    post = make_post("Hello")
    page = make_page("Hello")

    assert (post.slug, page.slug) == ("hello", "hello")


def test_a_page_titled_like_a_reserved_address_gets_a_free_slug():
    assert make_page("Category").slug == "category-2"


def test_pages_are_in_the_sitemap(client):
    make_page("Team", parent=make_page("About"))
    make_page("Unfinished", status=Post.Status.DRAFT)

    index = client.get("/sitemap.xml").text
    assert "sitemap-pages.xml" in index
    section = client.get("/sitemap-pages.xml").text
    assert "/about/team/</loc>" in section
    assert "/unfinished/" not in section


def test_the_admin_creates_a_nested_page(admin_client, admin_user):
    about = make_page("About")

    response = admin_client.post(
        ADD_URL, page_form(admin_user, title="Team", parent=about.pk, body="<p>Us.</p>")
    )

    assert response.status_code == 302, response.content[:1000]
    assert Page.objects.get(title="Team").path == "about/team"


def test_the_page_form_offers_only_draft_and_published(admin_client):
    response = admin_client.get(ADD_URL)

    assert 'value="draft"' in response.text
    assert 'value="published"' in response.text
    assert 'value="pending"' not in response.text


@pytest.mark.parametrize("slug", ["category", "feed", "tag", "author", "admin", "2024"])
def test_a_slug_clashing_with_a_reserved_top_level_address_is_refused(
    admin_client, admin_user, slug
):
    response = admin_client.post(ADD_URL, page_form(admin_user, title="Clash", slug=slug))

    assert response.status_code == 200
    assert "is an address the blog uses itself" in response.text
    assert not Page.objects.exists()


def test_a_reserved_slug_is_allowed_under_a_parent(admin_client, admin_user):
    about = make_page("About")

    response = admin_client.post(
        ADD_URL, page_form(admin_user, title="Tags", slug="tag", parent=about.pk)
    )

    assert response.status_code == 302
    assert Page.objects.get(title="Tags").path == "about/tag"


def test_a_page_cannot_be_placed_under_its_own_descendant(admin_client, admin_user):
    about = make_page("About")
    team = make_page("Team", parent=about)
    people = make_page("People", parent=team)

    response = admin_client.post(
        f"/admin/posts/page/{about.pk}/change/",
        page_form(admin_user, title="About", slug="about", parent=people.pk),
    )

    assert response.status_code == 200
    assert "cannot be placed under itself or one of its own subpages" in response.text
    assert Page.objects.get(pk=about.pk).parent_id is None


def test_a_page_cannot_be_its_own_parent(admin_client, admin_user):
    about = make_page("About")

    response = admin_client.post(
        f"/admin/posts/page/{about.pk}/change/",
        page_form(admin_user, title="About", slug="about", parent=about.pk),
    )

    assert response.status_code == 200
    assert "cannot be placed under itself" in response.text


def test_an_author_cannot_manage_pages():
    author = make_user(groups=["Authors"])
    client = Client()
    client.force_login(author)

    assert client.get(ADD_URL).status_code == 403


def test_an_editor_manages_pages():
    editor = make_user(groups=["Editors"])
    client = Client()
    client.force_login(editor)

    response = client.post(ADD_URL, page_form(editor, title="Contact"))

    assert response.status_code == 302
    assert Page.objects.get().get_absolute_url() == "/contact/"


def test_a_page_query_count_is_fixed_however_many_comments(client):
    """On a cache miss (measured as tests/posts/test_reader_queries.py does)."""
    page = make_page("Guestbook", parent=make_page("About"), comments_open=True)
    make_comment(page)
    with_one = measured_get(client, "/about/guestbook/")
    for n in range(40):
        make_comment(page, body=f"<p>Comment {n}</p>")

    with_many = measured_get(client, "/about/guestbook/")

    # The page; the content version, the widgets (three) and the menus, memoized per
    # version; the header's categories, the discussion settings, the comment tree and the
    # form's sign-in providers. Measured on SQLite; raise it only with a reason.
    assert with_many == with_one <= 10


def test_old_redirects_keep_working_beside_pages(client):
    make_page("About")
    Redirect.objects.create(site_id=1, old_path="/?page_id=7", new_path="/about/")
    Redirect.objects.create(site_id=1, old_path="/old-about/", new_path="/about/")

    assert client.get("/old-about/")["Location"] == "/about/"


def test_a_password_protected_page_shows_its_form_until_the_password_is_given(client):
    page = make_page("Members", password="open sesame", body="<p>The map is in the attic.</p>")
    url = page.get_absolute_url()

    locked = client.get(url)
    assert 'name="password"' in locked.text and "The map is in the attic." not in locked.text

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', locked.text).group(1)
    wrong = client.post(url, {"csrfmiddlewaretoken": token, "password": "guess"})
    assert wrong.status_code == 403 and "The map is in the attic." not in wrong.text

    right = client.post(url, {"csrfmiddlewaretoken": token, "password": "open sesame"})
    assert right.status_code == 302 and right["Location"] == url
    assert "The map is in the attic." in client.get(url).text
    assert "The map is in the attic." not in Client().get(url).text
