"""Post formats, as WordPress themes show them: a class, a label, and a shape per format."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts.models import Post
from tests.comments.helpers import parse_html
from tests.conftest import clear_cache, make_post

from .test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db


def card(response, title):
    """The card (article) of the post titled `title` in a list page."""
    for article in parse_html(response.text).find_all("article"):
        if title in article.text:
            return article
    raise AssertionError(f"no card for {title!r}")


def test_a_post_is_standard_unless_given_a_format():
    assert make_post("Plain").format == Post.Format.STANDARD


def test_the_post_screen_has_a_format_box_that_saves_the_format(admin_client, admin_user):
    form = admin_client.get(ADD_URL).text
    assert '<input type="radio" name="format" value="quote"' in form

    response = admin_client.post(ADD_URL, form_data(admin_user, format="quote"))

    assert response.status_code == 302
    assert Post.objects.get().format == Post.Format.QUOTE


def test_an_unknown_format_is_refused_and_nothing_is_saved(admin_client, admin_user):
    response = admin_client.post(ADD_URL, form_data(admin_user, format="poem"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Post.objects.exists()


def test_each_card_has_its_format_class_and_a_label(client):
    make_post("A quotation", format=Post.Format.QUOTE)
    make_post("Ordinary")

    response = client.get("/")

    quote = card(response, "A quotation")
    assert "format-quote" in quote.classes
    assert quote.find(cls="post-format-label").text == "Quote"
    assert "format-standard" in card(response, "Ordinary").classes
    assert card(response, "Ordinary").find(cls="post-format-label") is None


@pytest.mark.parametrize("post_format", [Post.Format.STATUS, Post.Format.ASIDE])
def test_status_and_aside_posts_have_no_title_heading_in_lists(client, post_format):
    post = make_post("Quick note", format=post_format, excerpt="Off to the sea.")

    article = card(client.get("/"), "Off to the sea.")

    assert article.find("h2") is None
    assert article.find("a", href=post.get_absolute_url()) is not None
    assert article.find("a", href=post.get_absolute_url()).text  # a name for the link


def test_a_link_posts_title_links_to_the_first_link_in_its_body(client):
    post = make_post(
        "Worth reading",
        format=Post.Format.LINK,
        body='<p>See <a href="https://example.org/essay">this essay</a> and <a href="https://example.org/b">b</a>.</p>',
    )

    title_link = card(client.get("/"), "Worth reading").find("h2").find("a")
    detail_link = parse_html(client.get(post.get_absolute_url()).text).find("h1").find("a")

    assert title_link.attrs["href"] == detail_link.attrs["href"] == "https://example.org/essay"


def test_a_link_post_without_a_link_points_at_itself(client):
    post = make_post("No link", format=Post.Format.LINK, body="<p>Just words.</p>")

    assert (
        card(client.get("/"), "No link").find("h2").find("a").attrs["href"]
        == post.get_absolute_url()
    )


def test_a_quote_post_is_shown_as_a_blockquote(client):
    post = make_post("Words", format=Post.Format.QUOTE, body="<p>To be or not to be.</p>")

    page = parse_html(client.get(post.get_absolute_url()).text)

    assert page.find("article").classes == ["post", "format-quote"]
    assert "To be or not to be." in page.find("blockquote", cls="post-body").text
    assert card(client.get("/"), "Words").find("blockquote") is not None


def test_a_quote_already_in_a_blockquote_is_not_wrapped_twice(client):
    post = make_post("Q", format=Post.Format.QUOTE, body="<blockquote><p>Said.</p></blockquote>")

    page = parse_html(client.get(post.get_absolute_url()).text)

    assert len(page.find("article").find_all("blockquote")) == 1


def home_queries(client):
    clear_cache()
    client.get("/")
    clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_formats_cost_no_queries_on_a_list(client):
    for n in range(3):
        make_post(f"Standard {n}")
    standard = home_queries(client)
    for value in Post.Format.values:
        make_post(f"As {value}", format=value, body='<p><a href="https://example.org/">x</a></p>')

    assert home_queries(client) == standard
