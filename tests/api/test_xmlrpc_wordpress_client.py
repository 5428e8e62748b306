"""A real WordPress client library (python-wordpress-xmlrpc) against the running server,
signed in with an application password, as a desktop editor would use the blog."""

import collections
import collections.abc
import io

import pytest
from PIL import Image
from wordpress_xmlrpc import Client, WordPressPost, WordPressTerm
from wordpress_xmlrpc.compat import xmlrpc_client
from wordpress_xmlrpc.exceptions import InvalidCredentialsError
from wordpress_xmlrpc.methods import media, posts, taxonomies, users

from api.models import ApplicationPassword
from library.models import MediaItem
from posts.models import Category, Post, Tag
from tests.conftest import make_category, make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# python-wordpress-xmlrpc 2.3 (2014) reads list results with `collections.Iterable`, which
# Python 3.10 moved to `collections.abc`; everything else in it works on 3.12.
collections.Iterable = collections.abc.Iterable


def png_bytes(size=(40, 30), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def author():
    return make_user("alice", groups=["Authors"])


@pytest.fixture
def wp(live_server, author):
    _, password = ApplicationPassword.objects.issue(author, "Desktop editor")
    return Client(f"{live_server.url}/xmlrpc.php", "alice", password)


def test_a_client_writes_edits_illustrates_and_deletes_a_post(wp, author):
    draft = WordPressPost()
    draft.title = "Written elsewhere"
    draft.content = "<p>First words.</p>"
    draft.terms_names = {"post_tag": ["desk", "travel"], "category": ["Uncategorized"]}
    post_id = wp.call(posts.NewPost(draft))

    saved = Post.objects.get(pk=post_id)
    assert isinstance(post_id, str)
    assert (saved.title, saved.status, saved.author) == ("Written elsewhere", "draft", author)
    assert sorted(saved.tags.values_list("name", flat=True)) == ["desk", "travel"]

    fetched = wp.call(posts.GetPost(post_id))
    assert (fetched.title, fetched.post_status) == ("Written elsewhere", "draft")
    assert fetched.id == post_id
    assert {t.name for t in fetched.terms} == {"desk", "travel", "Uncategorized"}

    bits = xmlrpc_client.Binary(png_bytes())
    upload = {"name": "red square.png", "type": "image/png", "bits": bits}
    picture = wp.call(media.UploadFile(upload))
    item = MediaItem.objects.get(pk=picture["id"])
    assert (item.width, item.height, item.uploaded_by) == (40, 30, author)
    assert picture["url"].endswith(".png") and picture["type"] == "image/png"

    fetched.title = "Written elsewhere, then edited"
    fetched.content = f'<p>First words.</p><p><img src="{picture["url"]}" alt="Red"></p>'
    fetched.thumbnail = picture["id"]
    fetched.post_status = "publish"
    assert wp.call(posts.EditPost(post_id, fetched)) is True

    saved.refresh_from_db()
    assert saved.title == "Written elsewhere, then edited"
    assert saved.is_published and saved.featured_image == item
    assert picture["url"] in saved.body

    assert wp.call(posts.DeletePost(post_id)) is True
    assert not Post.objects.filter(pk=post_id).exists()


def test_get_posts_lists_the_users_own_posts_of_every_status(wp, author):
    mine = make_post("Mine, public", author=author)
    draft = make_post("Mine, a draft", author=author, status=Post.Status.DRAFT)
    make_post("Someone else's")

    listed = wp.call(posts.GetPosts())
    assert {p.id for p in listed} == {str(mine.pk), str(draft.pk)}

    drafts = wp.call(posts.GetPosts({"post_status": "draft"}))
    assert [p.title for p in drafts] == ["Mine, a draft"]
    assert [p.title for p in wp.call(posts.GetPosts({"number": 1, "offset": 1}))] == [
        sorted([mine, draft], key=lambda p: p.published_at, reverse=True)[1].title
    ]


def test_terms_are_listed_and_made_by_those_who_may(live_server, wp):
    travel = make_category("Travel")
    make_category("Lisbon", parent=travel)

    names = {t.name for t in wp.call(taxonomies.GetTaxonomies())}
    assert names == {"category", "post_tag"}
    categories = wp.call(taxonomies.GetTerms("category"))
    assert {"Travel", "Lisbon"} <= {c.name for c in categories}
    lisbon = next(c for c in categories if c.name == "Lisbon")
    assert lisbon.parent == str(travel.pk) and lisbon.taxonomy == "category"

    tag = WordPressTerm()
    tag.taxonomy, tag.name = "post_tag", "Trains"
    tag_id = wp.call(taxonomies.NewTerm(tag))
    assert Tag.objects.get(pk=tag_id).name == "Trains"
    assert wp.call(taxonomies.GetTerm("post_tag", tag_id)).name == "Trains"

    category = WordPressTerm()
    category.taxonomy, category.name = "category", "Porto"
    with pytest.raises(xmlrpc_client.Fault) as refused:  # Authors do not manage categories
        wp.call(taxonomies.NewTerm(category))
    assert refused.value.faultCode == 401
    assert not Category.objects.filter(name="Porto").exists()


def test_the_client_reads_the_profile_and_blogs(wp, author):
    assert wp.call(users.GetProfile()).username == "alice"
    (blog,) = wp.call(users.GetUsersBlogs())
    assert blog.id == "1" and blog.xmlrpc.endswith("/xmlrpc.php")


def test_the_login_password_is_refused_by_the_client(live_server, author):
    with pytest.raises(InvalidCredentialsError):
        Client(f"{live_server.url}/xmlrpc.php", "alice", "pw-for-tests-123").call(posts.GetPosts())
