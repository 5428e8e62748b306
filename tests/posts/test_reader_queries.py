"""Every reader page costs a fixed number of queries, however much it shows."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import clear_cache, make_category, make_post, make_tag, make_user

pytestmark = pytest.mark.django_db

FIRST_POST_AT = datetime(2025, 1, 1, 9, tzinfo=UTC)


class Blog:
    """20 categories three levels deep, 30 tags, 3 authors, and posts filed across them all."""

    def __init__(self):
        self.authors = [make_user(f"author{n}") for n in range(3)]
        self.tags = [make_tag(f"tag{n:02d}") for n in range(30)]
        self.top = [make_category(f"Topic {n}") for n in range(4)]
        self.middle = [make_category(f"{t.name}.{n}", parent=t) for t in self.top for n in range(2)]
        self.leaves = [make_category(f"{m.name}.1", parent=m) for m in self.middle]
        self.posts = []

    @property
    def categories(self):
        return self.top + self.middle + self.leaves

    def add_posts(self, count):
        for _ in range(count):
            n = len(self.posts)
            self.posts.append(
                make_post(
                    f"Post number {n}",
                    author=self.authors[n % 3],
                    published_at=FIRST_POST_AT + timedelta(hours=36 * n),
                    categories=[self.leaves[n % 8], self.middle[(n + 3) % 8]],
                    tags=[self.tags[n % 30], self.tags[(n + 7) % 30], self.tags[(n + 13) % 30]],
                )
            )

    def urls(self):
        """One page of each kind, all of which exist from the first ten posts on."""
        return {
            "home": "/",
            "category": self.top[0].get_absolute_url(),
            "tag": self.tags[0].get_absolute_url(),
            "author": f"/author/{self.authors[0].username}/",
            "year": "/2025/",
            "month": "/2025/01/",
            "post": self.posts[0].get_absolute_url(),
        }


@pytest.fixture
def blog():
    blog = Blog()
    blog.add_posts(60)
    return blog


def measured_get(client, url):
    """A reader's request as it costs on a cache miss, once one-off set-up is behind us.

    The first request may create site-wide singletons (the discussion settings); that
    happens once per site, so it is done before measuring. The cache is then emptied
    so that every measurement is the cold, worst case.
    """
    client.get(url)
    clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_blog_used_for_counting_has_the_intended_shape(blog):
    assert len(blog.categories) == 20
    assert max(c.depth for c in blog.categories) == 2
    assert len(blog.tags) == 30
    assert len(blog.posts) == 60
    assert all(p.tags.count() == 3 and p.categories.count() == 2 for p in blog.posts)


# Measured on SQLite for an anonymous reader on a cache miss; raise a number only with a reason.
# A post page: the post, its categories, its tags, the breadcrumb's ancestors, the previous and
# next posts, the navigation, the discussion settings, the comment tree, the likes section
# (count and latest likers in one), the likes and reposts sent by Webmention (one count), the
# related posts and the comment form's social sign-in providers. With the cache empty every
# page also pays, once per content change, for the page cache's content version (one query:
# the next scheduled post), the footer widgets (three: months, categories, tags) and the
# menus (one, for every location); those five are memoized until the content changes.
MAX_QUERIES = {
    "home": 8,
    "home page 3": 8,
    "category": 9,
    "tag": 9,
    "author": 9,
    "year": 12,
    "month": 12,
    "post": 18,
}


@pytest.mark.parametrize(("page", "max_queries"), MAX_QUERIES.items())
def test_reader_page_query_count_is_pinned(
    client, blog, django_assert_max_num_queries, page, max_queries
):
    url = {**blog.urls(), "home page 3": "/page/3/"}[page]
    client.get(url)
    clear_cache()

    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["home", "category", "tag", "author", "year", "month", "post"])
def test_reader_page_query_count_does_not_grow_with_the_number_of_posts(client, page):
    """From 10 posts to 60, lists go from a few cards to a full page: the count stays put."""
    blog = Blog()
    blog.add_posts(10)
    with_ten = measured_get(client, blog.urls()[page])

    blog.add_posts(50)
    with_sixty = measured_get(client, blog.urls()[page])

    assert with_sixty == with_ten
