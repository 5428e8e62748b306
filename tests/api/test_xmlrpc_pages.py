"""Pages over XML-RPC: the WordPress API's `post_type: "page"` and its legacy wp.*Page*
methods, with WordPress's structs and faults; Editors manage pages, others may not."""

import collections
import collections.abc

import pytest
from wordpress_xmlrpc import Client, WordPressPage
from wordpress_xmlrpc.methods import posts

from api.models import ApplicationPassword
from posts.models import Page, Post
from tests.api.xmlrpc_calls import call, credentials, fault
from tests.conftest import make_page, make_post, make_user

# python-wordpress-xmlrpc 2.3 reads list results with `collections.Iterable` (see
# test_xmlrpc_wordpress_client.py).
collections.Iterable = collections.abc.Iterable

TAXONOMY_FAULT = (401, "Sorry, one of the given taxonomies is not supported by the post type.")


def snapshot():
    return list(
        Post.entries.order_by("pk").values("pk", "kind", "title", "parent", "menu_order", "body")
    )


@pytest.fixture
def editor():
    return make_user("eddie", groups=["Editors"])


@pytest.fixture
def signed(editor):
    return credentials(editor)


@pytest.mark.django_db(transaction=True)
def test_a_real_client_writes_lists_edits_and_deletes_a_page(live_server, editor):
    _, password = ApplicationPassword.objects.issue(editor, "Desktop editor")
    wp = Client(f"{live_server.url}/xmlrpc.php", "eddie", password)
    about = make_page("About", author=editor)
    make_post("A post, not a page", author=editor)

    page = WordPressPage()
    page.title, page.post_status = "Team", "publish"
    page.content = "<p>Who we are.</p><script>alert(1)</script>"
    page.parent_id, page.menu_order = str(about.pk), 3
    page_id = wp.call(posts.NewPost(page))

    saved = Page.objects.get(pk=page_id)
    assert (saved.parent, saved.menu_order, saved.is_published) == (about, 3, True)
    assert "<script" not in saved.body and "Who we are." in saved.body

    listed = wp.call(posts.GetPosts({"post_type": "page"}, results_class=WordPressPage))
    assert {p.id for p in listed} == {str(about.pk), page_id}
    fetched = wp.call(posts.GetPost(page_id, results_class=WordPressPage))
    assert (fetched.post_type, fetched.parent_id, fetched.menu_order) == ("page", str(about.pk), 3)
    assert fetched.link.endswith("/about/team/")

    fetched.title = "Our team"
    assert wp.call(posts.EditPost(page_id, fetched)) is True
    saved.refresh_from_db()
    assert (saved.title, saved.parent, saved.path) == ("Our team", about, "about/team")

    assert wp.call(posts.DeletePost(page_id)) is True
    assert not Post.entries.filter(pk=page_id).exists()


@pytest.mark.django_db
def test_get_posts_lists_pages_only_when_asked_for_them(client, editor, signed):
    page = make_page("About")
    post = make_post("News")

    pages = call(client, "wp.getPosts", 1, *signed, {"post_type": "page"})
    listed = call(client, "wp.getPosts", 1, *signed)

    assert [p["post_id"] for p in pages] == [str(page.pk)]
    assert pages[0]["post_type"] == "page" and pages[0]["terms"] == []
    assert [p["post_id"] for p in listed] == [str(post.pk)]


@pytest.mark.django_db
def test_the_legacy_page_methods_write_read_list_and_delete_a_page(client, editor, signed):
    about = make_page("About", author=editor)
    content = {
        "title": "History",
        "description": "<p>Since 1999.</p><script>alert(1)</script>",
        "wp_page_parent_id": about.pk,
        "wp_page_order": 2,
        "wp_page_template": "wide.php",
    }

    page_id = call(client, "wp.newPage", 1, *signed, content, True)
    page = Page.objects.get(pk=page_id)
    assert (page.parent, page.menu_order, page.path, page.is_published) == (
        about,
        2,
        "about/history",
        True,
    )
    assert "<script" not in page.body

    got = call(client, "wp.getPage", 1, page_id, *signed)
    assert got["page_id"] == page.pk and got["title"] == "History"
    assert (got["wp_page_parent_id"], got["wp_page_parent_title"]) == (about.pk, "About")
    assert got["link"].endswith("/about/history/") and got["page_status"] == "publish"
    assert got["wp_page_template"] == "default"
    assert [p["title"] for p in call(client, "wp.getPages", 1, *signed, 1)] == ["History"]
    listed = call(client, "wp.getPageList", 1, *signed)
    assert [(p["page_id"], p["page_parent_id"]) for p in listed] == [
        (str(about.pk), "0"),
        (page_id, str(about.pk)),
    ]

    edit = {"title": "Our history", "wp_page_parent_id": 0, "page_status": "draft"}
    assert call(client, "wp.editPage", 1, page_id, *signed, edit, False) is True
    page.refresh_from_db()
    assert (page.title, page.parent, page.path, page.status) == (
        "Our history",
        None,
        "history",
        Post.Status.DRAFT,
    )

    assert call(client, "wp.deletePage", 1, *signed, page_id) is True
    assert not Post.entries.filter(pk=page_id).exists()


@pytest.mark.django_db
def test_authors_and_contributors_may_not_write_or_list_pages(client):
    author = credentials(make_user("alice", groups=["Authors"]))
    contributor = credentials(make_user("carol", groups=["Contributors"]))
    page = make_page("About")
    before = snapshot()

    new = fault(client, "wp.newPost", 1, *author, {"post_type": "page", "post_title": "Mine"})
    legacy_new = fault(client, "wp.newPage", 1, *author, {"title": "Mine"}, False)
    listed = fault(client, "wp.getPosts", 1, *contributor, {"post_type": "page"})
    legacy_list = fault(client, "wp.getPages", 1, *contributor)
    read = fault(client, "wp.getPage", 1, page.pk, *author)
    edit = fault(client, "wp.editPost", 1, *author, page.pk, {"post_title": "Mine"})
    delete = fault(client, "wp.deletePage", 1, *author, page.pk)

    assert new == (401, "Sorry, you are not allowed to post on this site.")
    assert legacy_new == (401, "Sorry, you are not allowed to publish posts on this site.")
    assert listed == (401, "Sorry, you are not allowed to edit posts in this post type.")
    assert legacy_list == (401, "Sorry, you are not allowed to edit pages.")
    assert read == (401, "Sorry, you are not allowed to edit this page.")
    assert edit == (401, "Sorry, you are not allowed to edit this post.")
    assert delete == (401, "Sorry, you are not allowed to delete this page.")
    assert snapshot() == before


@pytest.mark.django_db
def test_a_parent_loop_or_an_unknown_parent_saves_nothing(client, signed):
    top = make_page("Top")
    child = make_page("Child", parent=top)
    before = snapshot()

    loop = fault(client, "wp.editPost", 1, *signed, top.pk, {"post_parent": child.pk})
    legacy_loop = fault(client, "wp.editPage", 1, top.pk, *signed, {"wp_page_parent_id": top.pk})
    unknown = fault(client, "wp.newPost", 1, *signed, {"post_type": "page", "post_parent": 999_999})

    assert loop[0] == legacy_loop[0] == unknown[0] == 500
    assert "parent" in loop[1] and "parent" in legacy_loop[1] and "parent" in unknown[1]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_page_takes_no_terms_and_ignores_sticky_and_format(client, signed):
    page = make_page("About")
    before = snapshot()

    terms = fault(
        client,
        "wp.newPost",
        1,
        *signed,
        {"post_type": "page", "post_title": "Tagged", "terms_names": {"post_tag": ["x"]}},
    )
    edited = call(
        client,
        "wp.editPost",
        1,
        *signed,
        page.pk,
        {"sticky": True, "post_format": "aside", "menu_order": 4},
    )

    assert terms == TAXONOMY_FAULT
    assert edited is True
    page.refresh_from_db()
    assert (page.sticky, page.format, page.menu_order) == (False, "standard", 4)
    assert [row["pk"] for row in snapshot()] == [row["pk"] for row in before]


@pytest.mark.django_db
def test_page_methods_refuse_a_post_and_a_page_keeps_its_type(client, signed):
    post = make_post("News")
    page = make_page("About")

    assert fault(client, "wp.getPage", 1, post.pk, *signed) == (404, "Sorry, no such page.")
    assert fault(client, "wp.editPage", 1, post.pk, *signed, {}, False)[1] == (
        "Sorry, no such page."
    )
    assert fault(client, "wp.deletePage", 1, *signed, post.pk)[0] == 404
    assert fault(client, "wp.editPost", 1, *signed, page.pk, {"post_type": "post"}) == (
        401,
        "The post type may not be changed.",
    )
    assert fault(client, "wp.getPosts", 1, *signed, {"post_type": "product"}) == (
        403,
        "Invalid post type.",
    )
    assert Post.objects.filter(pk=post.pk).exists() and Page.objects.filter(pk=page.pk).exists()


# Sign-in (the user, their passwords, recording the use), the role's permissions (user and
# group), then the pages with their authors and images (or parents): no terms to fetch.
MAX_QUERIES = 6


@pytest.mark.django_db
@pytest.mark.parametrize("number", [3, 30])
def test_get_posts_of_pages_costs_the_same_queries_however_many(
    client, editor, signed, django_assert_max_num_queries, number
):
    top = make_page("Top")
    for n in range(30):
        make_page(f"Page {n}", parent=top if n % 2 else None, author=editor if n % 3 else None)

    with django_assert_max_num_queries(MAX_QUERIES):
        listed = call(client, "wp.getPosts", 1, *signed, {"post_type": "page", "number": number})

    assert len(listed) == number and all(p["post_type"] == "page" for p in listed)


@pytest.mark.django_db
@pytest.mark.parametrize("number", [3, 30])
def test_get_pages_costs_the_same_queries_however_many(
    client, editor, signed, django_assert_max_num_queries, number
):
    top = make_page("Top")
    for n in range(30):
        make_page(f"Page {n}", parent=top if n % 2 else None)

    with django_assert_max_num_queries(MAX_QUERIES):
        listed = call(client, "wp.getPages", 1, *signed, number)

    assert len(listed) == number and any(p["wp_page_parent_title"] == "Top" for p in listed)
