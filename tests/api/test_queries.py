"""The list endpoints run a fixed number of queries however many items they show."""

import pytest

from comments.models import Comment
from tests.conftest import make_category, make_post, make_tag, make_user

from .conftest import client_for

pytestmark = pytest.mark.django_db


def make_posts(count):
    writers = [make_user() for _ in range(3)]
    categories, tags = [make_category() for _ in range(3)], [make_tag() for _ in range(3)]
    for n in range(count):
        post = make_post(
            author=writers[n % 3], categories=categories[: n % 3 + 1], tags=tags[: n % 2 + 1]
        )
        Comment.objects.create(post=post, author_name="A", body="<p>x</p>", status="approved")


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize(
    "url, queries",
    [
        # The count, the page, its categories, its tags (authors come with the page).
        ("/wp-json/wp/v2/posts?per_page=100", 4),
        ("/wp-json/wp/v2/posts?per_page=100&_embed", 4),
        # The count and the page.
        ("/wp-json/wp/v2/categories?per_page=100", 2),
        ("/wp-json/wp/v2/tags?per_page=100", 2),
        ("/wp-json/wp/v2/comments?per_page=100", 2),
    ],
)
def test_a_public_list_runs_a_fixed_number_of_queries(
    api, django_assert_max_num_queries, count, url, queries
):
    make_posts(count)
    with django_assert_max_num_queries(queries):
        response = api.get(url)
    assert response.status_code == 200 and len(response.json()) >= min(count, 3)


@pytest.mark.parametrize("count", [5, 50])
def test_a_signed_in_editors_list_runs_a_fixed_number_of_queries(
    editor_user, django_assert_max_num_queries, count
):
    make_posts(count)
    api = client_for(editor_user)
    # The sign-in (user, passwords, last use), permissions (two), then the list (four).
    with django_assert_max_num_queries(9):
        response = api.get("/wp-json/wp/v2/posts?per_page=100&context=edit&_embed&status=any")
    assert len(response.json()) == count


def make_pages_and_media(count):
    from tests.conftest import make_page
    from tests.library.helpers import jpeg_upload, make_item, pdf_upload

    writers = [make_user() for _ in range(3)]
    pictures = [make_item(uploaded_by=writers[n]) for n in range(3)]
    make_item(uploaded_by=writers[0], upload=pdf_upload())
    parents = [make_page(author=writers[n]) for n in range(3)]
    for n in range(count):
        make_page(author=writers[n % 3], parent=parents[n % 3], featured_image=pictures[n % 3])
    for n in range(count):
        make_item(uploaded_by=writers[n % 3], upload=jpeg_upload(size=(40, 30)))


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize(
    "url, queries",
    [
        # The count and the page (author, featured image and parent come with it).
        ("/wp-json/wp/v2/pages?per_page=100", 2),
        ("/wp-json/wp/v2/pages?per_page=100&_embed", 2),
        ("/wp-json/wp/v2/media?per_page=100", 2),
        ("/wp-json/wp/v2/media?per_page=100&media_type=image", 2),
    ],
)
def test_the_pages_and_media_lists_run_a_fixed_number_of_queries(
    api, django_assert_max_num_queries, count, url, queries
):
    make_pages_and_media(count)
    with django_assert_max_num_queries(queries):
        response = api.get(url)
    assert response.status_code == 200 and len(response.json()) >= count


@pytest.mark.parametrize("count", [5, 50])
def test_a_signed_in_editors_page_list_runs_a_fixed_number_of_queries(
    editor_user, django_assert_max_num_queries, count
):
    make_pages_and_media(count)
    api = client_for(editor_user)
    # The sign-in (user, passwords, last use), permissions (two), then the list (two).
    with django_assert_max_num_queries(7):
        response = api.get("/wp-json/wp/v2/pages?per_page=100&context=edit&_embed&status=any")
    assert len(response.json()) == count + 3
