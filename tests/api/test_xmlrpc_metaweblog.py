"""The MetaWeblog, Blogger and Movable Type APIs, through the standard library's client
against the running server, as older desktop editors speak them."""

import datetime
import xmlrpc.client

import pytest

from posts.models import Post, Tag
from tests.api.xmlrpc_calls import credentials
from tests.conftest import make_category, make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def author():
    return make_user("alice", groups=["Authors"])


@pytest.fixture
def server(live_server):
    return xmlrpc.client.ServerProxy(f"{live_server.url}/xmlrpc.php", use_builtin_types=True)


def test_a_metaweblog_client_posts_with_categories_by_name_and_keywords(server, author):
    user, password = credentials(author)
    travel = make_category("Travel")
    when = datetime.datetime(2024, 5, 1, 9, 30)

    post_id = server.metaWeblog.newPost(
        "1",
        user,
        password,
        {
            "title": "By the sea",
            "description": "<p>Waves.</p>",
            "categories": ["Travel", "No such category"],
            "mt_keywords": "sea, salt",
            "date_created_gmt": when,
            "mt_allow_comments": 0,
        },
        True,
    )

    post = Post.objects.get(pk=post_id)
    assert post.is_published and post.title == "By the sea"
    assert list(post.categories.all()) == [travel]
    assert sorted(post.tags.values_list("name", flat=True)) == ["salt", "sea"]
    assert post.published_at == when.replace(tzinfo=datetime.UTC)
    assert not post.comments_open

    got = server.metaWeblog.getPost(post_id, user, password)
    assert got["postid"] == post_id and got["title"] == "By the sea"
    assert got["categories"] == ["Travel"] and got["mt_keywords"] == "salt, sea"
    assert got["date_created_gmt"] == when and got["post_status"] == "publish"

    assert server.metaWeblog.editPost(
        post_id, user, password, {"title": "By the grey sea", "mt_keywords": "sea"}, True
    )
    post.refresh_from_db()
    assert post.title == "By the grey sea" and list(post.tags.values_list("name", flat=True)) == [
        "sea"
    ]
    recent = server.metaWeblog.getRecentPosts("1", user, password, 5)
    assert [p["postid"] for p in recent] == [post_id]

    assert server.blogger.deletePost("", post_id, user, password, True) is True
    assert not Post.objects.filter(pk=post_id).exists()


def test_movable_type_sets_categories_and_publishes(server, author):
    user, password = credentials(author)
    travel, food = make_category("Travel"), make_category("Food")
    draft = make_post("Lunch", author=author, status=Post.Status.DRAFT)

    listed = server.mt.getCategoryList("1", user, password)
    assert {"categoryId": str(travel.pk), "categoryName": "Travel"} in listed

    chosen = [{"categoryId": str(food.pk), "isPrimary": True}, {"categoryId": str(travel.pk)}]
    assert server.mt.setPostCategories(str(draft.pk), user, password, chosen) is True
    got = server.mt.getPostCategories(str(draft.pk), user, password)
    assert got[0] == {"categoryName": "Food", "categoryId": str(food.pk), "isPrimary": True}
    assert {c["categoryName"] for c in got} == {"Food", "Travel"}

    assert server.mt.publishPost(str(draft.pk), user, password) == draft.pk
    draft.refresh_from_db()
    assert draft.is_published

    methods = server.mt.supportedMethods()
    assert {"wp.newPost", "metaWeblog.newPost", "pingback.ping", "mt.publishPost"} <= set(methods)


def test_blogger_says_who_the_user_is_and_which_blog(server, author):
    user, password = credentials(author)
    (blog,) = server.blogger.getUsersBlogs("", user, password)
    assert blog["blogid"] == "1" and blog["xmlrpc"].endswith("/xmlrpc.php")
    info = server.blogger.getUserInfo("", user, password)
    assert info["userid"] == str(author.pk) and info["nickname"] == "alice"
    categories = server.metaWeblog.getCategories("1", user, password)
    assert "Uncategorized" in {c["categoryName"] for c in categories}


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda s, u, p: s.metaWeblog.getPost("999999", u, p), 404),
        (lambda s, u, p: s.blogger.deletePost("", "999999", u, p, True), 404),
        (lambda s, u, p: s.mt.publishPost("999999", u, p), 404),
        (lambda s, u, p: s.metaWeblog.newPost("1", u, "wrong " * 4, {"title": "x"}, True), 403),
        (lambda s, u, p: s.metaWeblog.newPost("1", u, p), 400),
    ],
    ids=["no such post", "delete missing", "publish missing", "bad password", "too few"],
)
def test_faults_come_with_wordpress_codes(server, author, call, code):
    user, password = credentials(author)
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(server, user, password)
    assert caught.value.faultCode == code
    assert not Post.objects.exists() and not Tag.objects.exists()


def test_a_posts_format_is_written_and_read_by_both_apis(server, author):
    user, password = credentials(author)

    post_id = server.wp.newPost(
        1,
        user,
        password,
        {"post_title": "Said", "post_content": "<p>Hi.</p>", "post_format": "quote"},
    )
    assert Post.objects.get(pk=post_id).format == "quote"
    assert server.wp.getPost(1, user, password, post_id)["post_format"] == "quote"

    server.metaWeblog.editPost(post_id, user, password, {"wp_post_format": "aside"}, False)
    assert server.metaWeblog.getPost(post_id, user, password)["wp_post_format"] == "aside"

    with pytest.raises(xmlrpc.client.Fault):
        server.wp.editPost(1, user, password, post_id, {"post_format": "hologram"})
    assert Post.objects.get(pk=post_id).format == "aside"
