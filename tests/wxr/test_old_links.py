"""Old WordPress addresses keep working after an import: /?p=, /?page_id= and permalinks."""

import pytest
from django.contrib.redirects.models import Redirect

from posts.models import Post
from tests.conftest import make_post

from .helpers import FIXTURES, item, run_import, write, wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog():
    run_import(FIXTURES / "blog.xml")


def assert_moved(response, to):
    assert response.status_code == 301, response.status_code
    assert response["Location"] == to


def test_p_with_a_wordpress_id_redirects_to_the_permalink(blog, client):
    assert_moved(client.get("/?p=101"), "/2020/01/15/threaded-discussion/")


def test_p_with_our_own_id_still_redirects(blog, client):
    native = make_post("Written here")

    assert_moved(client.get(f"/?p={native.pk}"), native.get_absolute_url())


def test_p_of_a_post_not_yet_published_is_not_found(blog, client):
    assert client.get("/?p=102").status_code == 404


def test_the_old_permalink_redirects_to_the_new_one(blog, client):
    assert_moved(client.get("/archives/101"), "/2020/01/15/threaded-discussion/")


def test_page_id_redirects_to_the_static_page(blog, client):
    assert_moved(client.get("/?page_id=302"), "/about/team/")


def test_p_with_an_imported_pages_id_finds_the_page_before_our_post_of_that_id(client, tmp_path):
    native = make_post("Has the same number")
    page = item(native.pk, "About", post_type="page")

    run_import(write(tmp_path, wxr(page)))

    assert_moved(client.get(f"/?p={native.pk}"), "/about/")


def test_an_unknown_page_id_is_not_found(blog, client):
    assert client.get("/?page_id=999").status_code == 404


def test_a_post_imported_at_the_same_address_gets_no_redirect(blog):
    members = Post.objects.get(wp_id=103)

    assert members.get_absolute_url() == "/2020/02/01/members-only/"
    assert not Redirect.objects.filter(old_path="/2020/02/01/members-only/").exists()
