"""What readers see: the Like button, "N bloggers like this", the latest likers, and counts on
lists; in a fixed number of queries, and never stale in the page cache."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import DiscussionSettings
from core.avatars import avatar_url
from likes.models import Like
from likes.section import AVATAR_SIZE, section_context
from tests.conftest import clear_cache, make_category, make_post, make_user
from tests.likes.helpers import make_reader, press

pytestmark = pytest.mark.django_db


def add_likes(post, count, *, start=0):
    """`count` readers like `post`, a minute apart, the last one most recent."""
    readers = [make_user(f"liker{start + n}", first_name=f"Liker{start + n}") for n in range(count)]
    base = timezone.now() - timezone.timedelta(hours=1)
    for n, reader in enumerate(readers):
        like = Like.objects.create(post=post, user=reader)
        Like.objects.filter(pk=like.pk).update(created=base + timezone.timedelta(minutes=n))
    return readers


def likes_section(html):
    match = re.search(r'<section id="likes".*?</section>', html, re.S)
    assert match, "no likes section on the page"
    return match.group(0)


def liker_names(section):
    return re.findall(r'<li><img src="[^"]*" alt="([^"]*)"', section)


def test_a_post_nobody_likes_invites_the_first_like(client):
    post = make_post()

    section = likes_section(client.get(post.get_absolute_url()).text)

    assert "Be the first to like this." in section
    assert '>\n        <span class="like-star" aria-hidden="true">★</span> Like\n' in section
    assert liker_names(section) == []


def test_one_like_reads_in_the_singular(client):
    post = make_post()
    add_likes(post, 1)

    assert "1 blogger likes this." in likes_section(client.get(post.get_absolute_url()).text)


def test_the_count_and_the_latest_likers_most_recent_first(client):
    post = make_post()
    readers = add_likes(post, 3)

    section = likes_section(client.get(post.get_absolute_url()).text)

    assert "3 bloggers like this." in section
    assert liker_names(section) == ["Liker2", "Liker1", "Liker0"]
    assert avatar_url(readers[2].email, AVATAR_SIZE) in section


def test_only_the_ten_latest_likers_are_shown_but_all_are_counted(client):
    post = make_post()
    add_likes(post, 12)

    section = likes_section(client.get(post.get_absolute_url()).text)

    assert "12 bloggers like this." in section
    assert liker_names(section) == [f"Liker{n}" for n in range(11, 1, -1)]


def test_a_reader_who_likes_the_post_sees_it_pressed(client):
    post = make_post()
    reader = make_reader("pressed")
    client.force_login(reader)
    press(client, post)

    section = likes_section(client.get(post.get_absolute_url()).text)

    assert 'aria-pressed="true"' in section
    assert "Liked" in section
    assert 'name="action" value="unlike"' in section


def test_a_reader_beyond_the_ten_shown_still_sees_their_like(client):
    post = make_post()
    reader = make_reader("early")
    Like.objects.create(post=post, user=reader)
    Like.objects.filter(user=reader).update(created=timezone.now() - timezone.timedelta(days=1))
    add_likes(post, 10)
    client.force_login(reader)

    section = likes_section(client.get(post.get_absolute_url()).text)

    assert "11 bloggers like this." in section
    assert "Early" not in liker_names(section)
    assert 'aria-pressed="true"' in section


def test_the_guests_page_carries_nothing_of_the_visitor(client):
    """Guests' pages are cached and shared: no CSRF token, no cookie, no pressed state."""
    post = make_post()
    add_likes(post, 2)

    response = client.get(post.get_absolute_url())
    section = likes_section(response.text)

    assert 'name="csrfmiddlewaretoken" value=""' in section
    assert "aria-pressed" not in section
    assert "csrftoken" not in response.cookies
    assert "nonce" not in section


def test_a_signed_in_readers_form_carries_its_csrf_token(client):
    post = make_post()
    client.force_login(make_reader())

    section = likes_section(client.get(post.get_absolute_url()).text)

    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]{32,}"', section)


def test_the_like_button_works_without_javascript(client):
    """A plain form that posts to the like address; the script is an addition."""
    post = make_post()
    html = client.get(post.get_absolute_url()).text

    assert f'<form class="like-form" method="post" action="/likes/{post.pk}/"' in html
    assert '<script src="/static/js/likes.js" defer></script>' in html


def test_a_password_protected_post_shows_no_likes_until_unlocked(client):
    post = make_post(password="open sesame")

    assert 'id="likes"' not in client.get(post.get_absolute_url()).text


def test_list_pages_show_each_posts_like_count(client):
    liked = make_post("Much liked")
    make_post("Not liked")
    add_likes(liked, 3)

    html = client.get("/").text

    card = html[html.index("Much liked") :]
    assert "3 likes" in card[: card.index("</article>")]
    other = html[html.index("Not liked") :]
    assert "post-card-likes" not in other[: other.index("</article>")]


def test_a_category_page_counts_likes_once_for_a_post_filed_twice_in_the_tree(client):
    """The category page joins categories and uses DISTINCT: the count must not multiply."""
    parent = make_category("Parent")
    child = make_category("Child", parent=parent)
    post = make_post("Filed twice", categories=[parent, child])
    add_likes(post, 2)

    html = client.get(parent.get_absolute_url()).text

    card = html[html.index("Filed twice") :]
    assert "2 likes" in card[: card.index("</article>")]


# Queries: a cold cache (as after any change), the same number whatever the likes.


@pytest.fixture(autouse=True)
def one_off_set_up(client):
    """The discussion settings row and the current site exist on a live site; not a page's cost."""
    DiscussionSettings.load()
    from django.contrib.sites.models import Site

    Site.objects.get_current()


def queries_for(client, url):
    clear_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_post_page_runs_the_same_queries_with_no_likes_and_many(client):
    none, many = make_post("No likes"), make_post("Many likes")
    add_likes(many, 25)

    assert queries_for(client, none.get_absolute_url()) == queries_for(
        client, many.get_absolute_url()
    )


def test_the_post_page_for_a_signed_in_liker_runs_a_bounded_number_of_queries(client):
    none, many = make_post("No likes"), make_post("Many likes")
    add_likes(many, 25)
    reader = make_reader("counted")
    Like.objects.create(post=many, user=reader)
    Like.objects.filter(user=reader).update(created=timezone.now() - timezone.timedelta(days=1))
    client.force_login(reader)

    # Only a liker beyond the ten shown costs one query more: "is mine among the rest?"
    assert queries_for(client, many.get_absolute_url()) == (
        queries_for(client, none.get_absolute_url()) + 1
    )


def test_the_likes_section_costs_one_query(client, django_assert_num_queries):
    post = make_post()
    add_likes(post, 15)
    request = Client().get("/").wsgi_request

    with django_assert_num_queries(1):
        context = section_context(request, post)

    assert context["count"] == 15
    assert len(context["likers"]) == 10


@pytest.mark.parametrize("url", ["/", "/page/2/", "category", "author"])
def test_list_pages_run_the_same_queries_with_no_likes_and_many(client, url):
    author = make_user("prolific")
    category = make_category("Liked things")
    posts = [make_post(author=author, categories=[category]) for _ in range(15)]
    url = {
        "category": category.get_absolute_url(),
        "author": f"/author/{author.username}/",
    }.get(url, url)
    before = queries_for(client, url)

    for n, post in enumerate(posts):
        add_likes(post, 3, start=n * 3)

    assert queries_for(client, url) == before


# The page cache: a like or unlike shows at once.


def test_a_like_and_an_unlike_change_the_cached_page_at_once(client):
    post = make_post()
    reader = make_reader("changer")
    client.get(post.get_absolute_url())
    cached = client.get(post.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    assert "Be the first" in cached.text

    liking = Client()
    liking.force_login(reader)
    press(liking, post)
    assert "1 blogger likes this." in Client().get(post.get_absolute_url()).text

    press(liking, post, "unlike")
    assert "Be the first to like this." in Client().get(post.get_absolute_url()).text
