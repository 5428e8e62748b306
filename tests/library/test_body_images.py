"""Library images in a post's body get `srcset`, `sizes`, `width` and `height` when the post
is saved, so the reader's page does no work for them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from posts import body
from tests.comments.test_queries import POST_PAGE_MAX_QUERIES
from tests.conftest import clear_cache, make_post, make_user
from tests.library.helpers import add_post_form_data, images_in, jpeg_upload, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    return make_item(make_user(), upload=jpeg_upload(size=(1000, 750)), alt="Boats")


def body_images(post):
    return images_in(post.body_html)


def test_a_library_image_gets_srcset_sizes_and_dimensions_at_save(photo):
    post = make_post(body=f'<p><img src="{photo.url}" alt="Boats at dawn"></p>')
    (image,) = body_images(post)
    assert image["srcset"] == photo.srcset
    assert [c.split()[1] for c in image["srcset"].split(", ")] == ["480w", "800w", "1000w"]
    assert image["sizes"] == "(min-width: 960px) 800px, 100vw"
    assert (image["width"], image["height"]) == ("1000", "750")
    assert image["alt"] == "Boats at dawn"
    assert image["loading"] == "lazy"
    assert "srcset" not in post.body  # the author's text stays as written


def test_a_width_the_author_chose_is_kept(photo):
    post = make_post(body=f'<p><img src="{photo.url}" alt="" width="300" height="225"></p>')
    (image,) = body_images(post)
    assert (image["width"], image["height"]) == ("300", "225")
    assert image["srcset"] == photo.srcset


def test_images_from_elsewhere_are_left_alone(photo):
    post = make_post(body='<p><img src="https://example.com/a.jpg" alt="Far away"></p>')
    (image,) = body_images(post)
    assert "srcset" not in image and "width" not in image


def test_all_images_of_a_body_cost_one_query(django_assert_num_queries):
    user = make_user()
    items = [make_item(user, upload=jpeg_upload(size=(600, 400))) for _ in range(5)]
    post = make_post(body="<p>Start.</p>")
    post.body = "".join(f'<p><img src="{item.url}" alt="{n}"></p>' for n, item in enumerate(items))
    with django_assert_num_queries(1):
        html = body.render(post.body)
    assert html.count("srcset=") == 5


def test_editing_a_post_in_the_admin_describes_its_images(client, photo):
    author = make_user("ada", groups=["Authors"])
    post = make_post(author=author)
    client.force_login(author)
    response = client.post(
        f"/admin/posts/post/{post.pk}/change/",
        add_post_form_data(author, body=f'<p><img src="{photo.url}" alt="Boats"></p>'),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    (image,) = body_images(post)
    assert image["srcset"] == photo.srcset


def post_with_images(count):
    user = make_user()
    items = [make_item(user, upload=jpeg_upload(size=(500, 300))) for _ in range(count)]
    featured = make_item(user, upload=jpeg_upload(size=(900, 600)), alt="Cover")
    body = "<p>Text.</p>" + "".join(
        f'<p><img src="{item.url}" alt="Picture {n}"></p>' for n, item in enumerate(items)
    )
    return make_post(body=body, author=user, featured_image=featured)


def queries_for_page(client, url):
    client.get(url)
    clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_post_page_runs_the_same_queries_with_0_or_30_images():
    client = Client()
    without, _ = queries_for_page(client, post_with_images(0).get_absolute_url())
    with_30, page = queries_for_page(client, post_with_images(30).get_absolute_url())
    assert page.count("srcset=") == 31  # the featured image and the body's 30
    # The post page's pin (tests/posts/test_reader_queries.py), images or not.
    assert without == with_30 <= POST_PAGE_MAX_QUERIES
