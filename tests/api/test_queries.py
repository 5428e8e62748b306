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
