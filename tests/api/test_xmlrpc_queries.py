"""Lists over XML-RPC cost the same few queries however many posts they show."""

import pytest

from tests.api.xmlrpc_calls import call, credentials
from tests.conftest import make_category, make_post, make_tag

pytestmark = pytest.mark.django_db

# Sign-in (the user, their passwords, recording the use), the role's permissions (user
# and group), then the posts with authors and images, their categories and their tags
# (each with its count of published posts): 8 whether the list holds 3 posts or 30.
MAX_QUERIES = 8


@pytest.fixture
def many_posts(editor_user):
    categories = [make_category() for _ in range(3)]
    tags = [make_tag() for _ in range(3)]
    for n in range(30):
        make_post(
            f"Post {n}",
            author=editor_user if n % 2 else None,
            categories=categories[: n % 3 + 1],
            tags=tags[: n % 4],
        )


@pytest.mark.parametrize("number", [3, 30])
def test_get_posts_queries_do_not_grow_with_the_posts(
    client, editor_user, many_posts, django_assert_max_num_queries, number
):
    signed = credentials(editor_user)

    with django_assert_max_num_queries(MAX_QUERIES):
        listed = call(client, "wp.getPosts", 1, *signed, {"number": number})

    assert len(listed) == number and all(post["terms"] for post in listed)


@pytest.mark.parametrize("number", [3, 30])
def test_get_recent_posts_queries_do_not_grow_with_the_posts(
    client, editor_user, many_posts, django_assert_max_num_queries, number
):
    signed = credentials(editor_user)

    with django_assert_max_num_queries(MAX_QUERIES):
        listed = call(client, "metaWeblog.getRecentPosts", 1, *signed, number)

    assert len(listed) == number and all(post["categories"] for post in listed)
