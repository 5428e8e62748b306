"""Pages run a fixed number of queries, whatever the number of comments."""

import re

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from posts.models import Post
from tests.comments.helpers import make_comment, post_comment
from tests.conftest import clear_cache, make_post, make_user

pytestmark = pytest.mark.django_db

# What the post page needs today with any number of comments, on an empty cache (one
# sets up the page cache's content version, three render the footer widgets and one the
# menus, once per content change; two are the likes section and the social sign-in
# providers of the comment form; one the related posts; one the likes and reposts other
# sites sent by Webmention); raise it on purpose only.
POST_PAGE_MAX_QUERIES = 17
HOME_PAGE_MAX_QUERIES = 8


def add_threaded_comments(post, count):
    """`count` approved comments: a fifth start threads, the rest answer two levels deep."""
    if not count:
        return
    now = timezone.now() - timezone.timedelta(days=1)
    sizes = [count // 5, (count - count // 5) // 2]
    sizes.append(count - sum(sizes))
    parents = [None]
    minute = 0
    for size in sizes:
        batch = []
        for n in range(size):
            minute += 1
            batch.append(
                Comment(
                    post=post,
                    parent=parents[n % len(parents)],
                    author_name=f"Reader {minute}",
                    author_email=f"reader{minute}@example.com",
                    author_url=f"https://reader{minute}.example/" if minute % 2 else "",
                    body=f"<p>Comment number {minute}</p>",
                    status=Comment.Status.APPROVED,
                    created=now + timezone.timedelta(minutes=minute),
                )
            )
        parents = Comment.objects.bulk_create(batch)
    Comment.refresh_counts({post.pk})
    assert Comment.objects.filter(post=post).count() == count


@pytest.fixture(autouse=True)
def discussion_settings_row():
    """The settings row exists on a live site, and the current Site is looked up once per
    process (the sign-in providers are per site); neither is a page's cost."""
    DiscussionSettings.load()
    Site.objects.get_current()


def queries_for(client, url):
    """Queries of one request, with a cold cache (as after any content change).

    Comments made in bulk get their stored HTML from the first page that reads them
    (comments/rendering.py): that one read is made first."""
    client.get(url)
    clear_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_post_page_runs_the_same_queries_with_0_50_and_500_comments(client):
    posts = {}
    for count in (0, 50, 500):
        posts[count] = make_post(f"{count} comments")
        add_threaded_comments(posts[count], count)

    counts = {count: queries_for(client, post.get_absolute_url()) for count, post in posts.items()}

    assert counts[0] == counts[50] == counts[500], counts


def test_the_post_page_with_500_threaded_comments_stays_within_its_query_budget(
    client, django_assert_max_num_queries
):
    post = make_post()
    add_threaded_comments(post, 500)
    client.get(post.get_absolute_url())  # the bulk-made comments' HTML is stored
    clear_cache()

    with django_assert_max_num_queries(POST_PAGE_MAX_QUERIES):
        response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assert "500 Responses to" in response.text


def test_the_post_page_for_a_signed_in_reader_does_not_grow_with_comments(client):
    client.force_login(make_user())
    few, many = make_post(), make_post()
    add_threaded_comments(few, 5)
    add_threaded_comments(many, 200)

    assert queries_for(client, few.get_absolute_url()) == queries_for(
        client, many.get_absolute_url()
    )


def test_the_home_page_queries_do_not_grow_with_the_number_of_comments(
    client, django_assert_max_num_queries
):
    author = make_user()
    posts = [make_post(author=author) for _ in range(12)]
    before = queries_for(client, "/")
    for post in posts:
        add_threaded_comments(post, 20)

    after = queries_for(client, "/")

    assert before == after
    clear_cache()
    with django_assert_max_num_queries(HOME_PAGE_MAX_QUERIES):
        client.get("/")


def counter(post):
    return Post.objects.values_list("comment_count", flat=True).get(pk=post.pk)


def test_the_comment_counter_counts_only_approved_comments(client):
    post = make_post()
    make_comment(post)
    make_comment(post, body="<p>two</p>")
    make_comment(post, status=Comment.Status.PENDING, body="<p>held</p>")
    make_comment(post, status=Comment.Status.SPAM, body="<p>spam</p>")
    make_comment(post, kind=Comment.Kind.PINGBACK, body="<p>ping</p>")

    assert counter(post) == 2


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Comment.Status.PENDING, 1),
        (Comment.Status.SPAM, 1),
        (Comment.Status.TRASH, 1),
        (Comment.Status.APPROVED, 2),
    ],
)
def test_the_comment_counter_follows_a_status_change(status, expected):
    post = make_post()
    make_comment(post)
    changing = make_comment(post, body="<p>changing</p>")

    changing.set_status(status)

    assert counter(post) == expected


def test_the_comment_counter_is_exact_after_approve_unapprove_spam_trash_and_restore():
    post = make_post()
    make_comment(post)
    comment = make_comment(post, status=Comment.Status.PENDING, body="<p>moving</p>")
    steps = [
        (Comment.Status.APPROVED, 2),
        (Comment.Status.PENDING, 1),
        (Comment.Status.APPROVED, 2),
        (Comment.Status.SPAM, 1),
        (Comment.Status.APPROVED, 2),
        (Comment.Status.TRASH, 1),
        (Comment.Status.PENDING, 1),
        (Comment.Status.APPROVED, 2),
    ]
    for status, expected in steps:
        Comment.objects.filter(pk=comment.pk).set_status(status)
        assert counter(post) == expected, status


def test_a_posted_comment_that_is_approved_counts_at_once(client):
    post = make_post()
    client.force_login(make_user(staff=True))

    response = post_comment(client, post)

    assert response.status_code == 302
    assert counter(post) == 1


def test_deleting_an_approved_comment_keeps_the_counter_exact():
    post = make_post()
    make_comment(post)
    doomed = make_comment(post, body="<p>doomed</p>")

    doomed.delete()

    assert counter(post) == 1


def test_the_home_page_shows_each_posts_comment_count(client):
    post = make_post("Discussed")
    make_comment(post, body="<p>one</p>")
    make_comment(post, body="<p>two</p>")

    html = client.get("/").text

    card = html[html.index("Discussed") :]
    card = card[: card.find("</article>")]
    assert re.search(r"\b2 (Comments|Responses)\b", card), card
