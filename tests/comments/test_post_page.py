"""What a reader sees of the responses on a post page."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.comments.helpers import make_comment, page_of, post_comment, set_rules
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

AVATAR = re.compile(r"^/comments/avatar/[0-9a-f]{32}\.svg$")


def comment_item(page, comment):
    item = page.by_id(f"comment-{comment.pk}")
    assert item is not None, f"comment {comment.pk} is not on the page"
    return item


def test_a_reply_is_nested_in_the_children_list_of_its_parent(client):
    post = make_post()
    parent = make_comment(post, author_name="Alice", minutes_ago=10)
    reply = make_comment(post, parent=parent, author_name="Bob", minutes_ago=5)

    page = page_of(client.get(post.get_absolute_url()))

    reply_item = comment_item(page, reply)
    assert reply_item.parent.tag == "ol"
    assert "children" in reply_item.parent.classes
    assert reply_item.parent.parent is comment_item(page, parent)


def test_replies_deeper_than_the_thread_depth_are_shown_at_the_deepest_level(client):
    set_rules(thread_depth=2)
    post = make_post()
    top = make_comment(post, author_name="Top", minutes_ago=30)
    second = make_comment(post, parent=top, author_name="Second", minutes_ago=20)
    third = make_comment(post, parent=second, author_name="Third", minutes_ago=10)

    page = page_of(client.get(post.get_absolute_url()))

    top_item, second_item, third_item = (comment_item(page, c) for c in (top, second, third))
    assert second_item.is_inside(top_item)
    assert not third_item.is_inside(second_item), "a third level was nested below depth 2"
    assert third_item.parent is second_item.parent, "the flattened reply left its thread"
    assert "depth-2" in third_item.classes


def test_the_default_thread_depth_nests_five_levels(client):
    post = make_post()
    chain = []
    for level in range(6):
        chain.append(
            make_comment(
                post,
                parent=chain[-1] if chain else None,
                author_name=f"Level {level + 1}",
                minutes_ago=60 - level,
            )
        )

    page = page_of(client.get(post.get_absolute_url()))

    items = [comment_item(page, c) for c in chain]
    for level in range(1, 5):
        assert items[level].is_inside(items[level - 1])
        assert f"depth-{level + 1}" in items[level].classes
    assert not items[5].is_inside(items[4])
    assert items[5].parent is items[4].parent


def test_comments_are_listed_oldest_first_by_default(client):
    post = make_post()
    older = make_comment(post, body="<p>Written first</p>", minutes_ago=20)
    newer = make_comment(post, body="<p>Written second</p>", minutes_ago=10)

    html = client.get(post.get_absolute_url()).text

    assert html.index(f'id="comment-{older.pk}"') < html.index(f'id="comment-{newer.pk}"')


def test_comments_are_listed_newest_first_when_the_order_is_newest(client):
    set_rules(order="newest")
    post = make_post()
    older = make_comment(post, body="<p>Written first</p>", minutes_ago=20)
    newer = make_comment(post, body="<p>Written second</p>", minutes_ago=10)

    html = client.get(post.get_absolute_url()).text

    assert html.index(f'id="comment-{newer.pk}"') < html.index(f'id="comment-{older.pk}"')


def test_the_author_name_links_to_their_website_as_nofollow_user_content(client):
    post = make_post()
    comment = make_comment(post, author_name="Site Owner", author_url="https://owner.example/")

    page = page_of(client.get(post.get_absolute_url()))

    link = comment_item(page, comment).find("b", cls="comment-author").find("a")
    assert link is not None
    assert link.attrs["href"] == "https://owner.example/"
    assert link.text == "Site Owner"
    assert {"nofollow", "ugc"} <= set(link.attrs.get("rel", "").split())


def test_an_author_without_a_website_is_shown_without_a_link(client):
    post = make_post()
    comment = make_comment(post, author_name="No Site", author_url="")

    page = page_of(client.get(post.get_absolute_url()))

    author = comment_item(page, comment).find("b", cls="comment-author")
    assert author.text == "No Site"
    assert author.find("a") is None


def test_each_comment_has_a_local_avatar_by_default(client):
    post = make_post()
    comment = make_comment(post)

    page = page_of(client.get(post.get_absolute_url()))

    avatar = comment_item(page, comment).find("img", cls="avatar")
    assert AVATAR.match(avatar.attrs["src"]), avatar.attrs["src"]


def test_the_local_avatar_url_serves_an_svg_image(client):
    post = make_post()
    comment = make_comment(post)
    page = page_of(client.get(post.get_absolute_url()))
    src = comment_item(page, comment).find("img", cls="avatar").attrs["src"]

    response = client.get(src)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response.content.lstrip().startswith(b"<svg")


def test_avatars_come_from_gravatar_when_chosen(client, settings):
    settings.COMMENT_AVATARS = "gravatar"
    post = make_post()
    comment = make_comment(post)

    page = page_of(client.get(post.get_absolute_url()))

    src = comment_item(page, comment).find("img", cls="avatar").attrs["src"]
    assert src.startswith("https://secure.gravatar.com/avatar/"), src


def test_each_comment_has_a_permalink_anchor(client):
    post = make_post()
    comment = make_comment(post)

    page = page_of(client.get(post.get_absolute_url()))

    item = comment_item(page, comment)
    assert item.find("a", href=f"#comment-{comment.pk}") is not None


def test_the_heading_counts_the_responses(client):
    post = make_post("Title")
    for n in range(3):
        make_comment(post, body=f"<p>Comment {n}</p>", minutes_ago=10 - n)

    page = page_of(client.get(post.get_absolute_url()))

    assert page.by_id("comments-title").text == "3 Responses to “Title”"


def test_the_heading_says_no_comments_yet_when_there_are_none(client):
    post = make_post("Title")

    page = page_of(client.get(post.get_absolute_url()))

    assert page.by_id("comments-title").text == "No comments yet."


def test_pings_are_listed_apart_from_comments(client):
    post = make_post("Title")
    comment = make_comment(post)
    ping = make_comment(
        post,
        kind=Comment.Kind.PINGBACK,
        author_name="Other Blog",
        author_url="https://other.example/post/",
        body="<p>[…] linked here […]</p>",
    )

    page = page_of(client.get(post.get_absolute_url()))

    ping_item = page.by_id(f"comment-{ping.pk}")
    assert ping_item.is_inside(page.find("ol", cls="ping-list"))
    assert not ping_item.is_inside(page.find("ol", cls="comment-list"))
    assert comment_item(page, comment).is_inside(page.find("ol", cls="comment-list"))
    assert page.by_id("comments-title").text == "1 Response to “Title”"


def test_no_trackbacks_yet_is_said_when_there_are_no_pings(client):
    post = make_post()
    make_comment(post)

    html = client.get(post.get_absolute_url()).text

    assert "No trackbacks yet." in html


def test_top_level_threads_beyond_comments_per_page_go_to_a_newer_page(client):
    set_rules(comments_per_page=2)
    post = make_post()
    first, second, third = (
        make_comment(post, body=f"<p>Thread {n}</p>", minutes_ago=30 - n) for n in range(3)
    )
    reply = make_comment(post, parent=first, body="<p>Reply to the first</p>", minutes_ago=1)

    page = page_of(client.get(post.get_absolute_url()))

    assert {"comment-" + str(c.pk) for c in (first, second, reply)} <= {
        li.attrs.get("id") for li in page.find_all("li")
    }
    assert page.by_id(f"comment-{third.pk}") is None
    newer = next(a for a in page.find_all("a") if "Newer comments" in a.text)
    assert newer.attrs["href"].startswith("?cpage=2")
    assert not any("Older comments" in a.text for a in page.find_all("a"))


def test_the_second_comment_page_shows_the_rest_and_links_back(client):
    set_rules(comments_per_page=2)
    post = make_post()
    first, second, third = (
        make_comment(post, body=f"<p>Thread {n}</p>", minutes_ago=30 - n) for n in range(3)
    )

    page = page_of(client.get(post.get_absolute_url() + "?cpage=2"))

    assert page.by_id(f"comment-{third.pk}") is not None
    assert page.by_id(f"comment-{first.pk}") is None
    assert page.by_id(f"comment-{second.pk}") is None
    older = next(a for a in page.find_all("a") if "Older comments" in a.text)
    assert older.attrs["href"].startswith("?cpage=1")


def test_no_comment_pages_when_the_threads_fit_on_one(client):
    post = make_post()
    for n in range(3):
        make_comment(post, body=f"<p>Thread {n}</p>", minutes_ago=30 - n)

    html = client.get(post.get_absolute_url()).text

    assert "Older comments" not in html
    assert "Newer comments" not in html


def test_no_email_address_appears_in_the_post_page(client):
    post = make_post()
    approved = make_comment(
        post, author_name="Alice", author_email="alice.secret@example.org", minutes_ago=20
    )
    make_comment(
        post,
        parent=approved,
        author_name="Bob",
        author_email="bob.secret@example.org",
        author_url="https://bob.example/",
        minutes_ago=10,
    )
    make_comment(post, author_email="held.secret@example.org", status=Comment.Status.PENDING)
    reader = make_user(email="reader.secret@example.org")

    pages = [
        client.get(post.get_absolute_url()).text,
        client.get(f"{post.get_absolute_url()}?replytocom={approved.pk}").text,
    ]
    client.force_login(reader)
    pages.append(client.get(post.get_absolute_url()).text)

    for html in pages:
        assert "secret@example.org" not in html
        assert "secret%40example.org" not in html


def test_the_author_does_not_see_their_own_email_next_to_their_held_comment(client):
    post = make_post()
    response = post_comment(client, post, author_email="held.secret@example.org")
    assert response.status_code == 302

    html = client.get(response["Location"]).text

    assert "Your comment is awaiting moderation." in html
    assert "held.secret@example.org" not in html


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH]
)
def test_comments_that_are_not_approved_are_not_shown(client, status):
    post = make_post()
    hidden = make_comment(post, status=status, body="<p>Not for readers</p>")

    response = client.get(post.get_absolute_url())

    assert f'id="comment-{hidden.pk}"' not in response.text
    assert "Not for readers" not in response.text
    assert "No comments yet." in response.text


def test_a_post_closed_to_comments_says_so_and_has_no_form(client):
    post = make_post(comments_open=False)

    page = page_of(client.get(post.get_absolute_url()))

    assert "Comments are closed." in page.by_id("respond").text
    assert page.by_id("commentform") is None


def test_comments_close_after_the_configured_number_of_days(client):
    set_rules(close_after_days=5)
    post = make_post(published_at=timezone.now() - timezone.timedelta(days=6))

    page = page_of(client.get(post.get_absolute_url()))

    assert "Comments are closed." in page.by_id("respond").text
    assert page.by_id("commentform") is None


def test_a_recent_post_stays_open_when_comments_close_after_some_days(client):
    set_rules(close_after_days=5)
    post = make_post(published_at=timezone.now() - timezone.timedelta(days=4))

    page = page_of(client.get(post.get_absolute_url()))

    assert "Comments are closed." not in page.text
    assert page.by_id("commentform") is not None


def test_the_form_asks_a_guest_for_name_email_and_website(client):
    post = make_post()

    page = page_of(client.get(post.get_absolute_url()))

    form = page.by_id("commentform")
    for name in ("body", "author_name", "author_email", "author_url", "save_details"):
        assert form.find(name=name) is not None, name
    assert "Logged in as" not in form.text


def test_a_signed_in_reader_is_logged_in_as_themselves_without_name_and_email_fields(client):
    post = make_post()
    client.force_login(make_user("wendy", first_name="Wendy", last_name="Reader"))

    page = page_of(client.get(post.get_absolute_url()))

    form = page.by_id("commentform")
    assert "Logged in as Wendy Reader" in form.text
    assert form.find("input", name="author_name") is None
    assert form.find("input", name="author_email") is None
    assert form.find("textarea", name="body") is not None


def test_replytocom_chooses_the_parent_and_names_its_author(client):
    post = make_post()
    parent = make_comment(post, author_name="Alice")

    page = page_of(client.get(f"{post.get_absolute_url()}?replytocom={parent.pk}"))

    assert page.find("input", name="parent").attrs.get("value") == str(parent.pk)
    assert page.by_id("reply-title").text.startswith("Leave a Reply to Alice")


def test_each_comment_has_a_reply_link_that_works_without_javascript(client):
    post = make_post()
    comment = make_comment(post)

    page = page_of(client.get(post.get_absolute_url()))

    link = comment_item(page, comment).find("a", cls="comment-reply-link")
    assert link.attrs["href"].startswith(f"?replytocom={comment.pk}")


def test_a_held_comment_is_shown_to_its_author_awaiting_moderation(client):
    post = make_post()
    response = post_comment(client, post, body="My held words")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    page = page_of(client.get(response["Location"]))

    item = comment_item(page, comment)
    assert "Your comment is awaiting moderation." in item.text
    assert "My held words" in item.text


def test_a_held_comment_is_not_shown_to_another_visitor(client):
    post = make_post()
    response = post_comment(client, post, body="My held words")
    assert response.status_code == 302

    html = Client().get(post.get_absolute_url()).text

    assert "My held words" not in html
    assert "awaiting moderation" not in html


def test_a_held_comment_is_not_shown_with_a_tampered_moderation_hash(client):
    post = make_post()
    response = post_comment(client, post, body="My held words")
    comment = Comment.objects.get()
    tampered = re.sub(r"moderation-hash=[^&#]+", "moderation-hash=forged", response["Location"])
    assert tampered != response["Location"]

    html = Client().get(tampered).text

    assert "My held words" not in html
    assert "awaiting moderation" not in html
    assert f'id="comment-{comment.pk}"' not in html


def test_a_held_comment_is_not_shown_with_another_comments_hash(client):
    post = make_post()
    first = post_comment(client, post, body="First held words", ip="10.9.0.1")
    second = post_comment(client, post, body="Second held words", ip="10.9.0.2")
    first_id, second_id = (c.pk for c in Comment.objects.order_by("pk"))
    assert first.status_code == second.status_code == 302
    swapped = first["Location"].replace(f"unapproved={first_id}", f"unapproved={second_id}")

    html = Client().get(swapped).text

    assert "Second held words" not in html


def test_a_closed_post_offers_no_reply_links(client):
    post = make_post(comments_open=False)
    make_comment(post)

    page = page_of(client.get(post.get_absolute_url()))

    assert page.find("a", cls="comment-reply-link") is None


def test_markup_in_an_author_name_is_shown_as_text(client):
    post = make_post()
    make_comment(
        post, author_name='<script>alert("name")</script>', author_url="https://x.example/"
    )

    html = client.get(post.get_absolute_url()).text

    assert '<script>alert("name")' not in html
    assert "&lt;script&gt;" in html


def test_with_newest_first_the_next_comment_page_is_labelled_older(client):
    set_rules(order="newest", comments_per_page=2)
    post = make_post()
    oldest = make_comment(post, body="<p>Oldest thread</p>", minutes_ago=30)
    for n in range(2):
        make_comment(post, body=f"<p>Newer thread {n}</p>", minutes_ago=20 - n)

    page = page_of(client.get(post.get_absolute_url()))

    assert page.by_id(f"comment-{oldest.pk}") is None
    link = next(a for a in page.find_all("a") if "?cpage=2" in a.attrs.get("href", ""))
    assert "Older comments" in link.text


def test_the_author_sees_their_held_comment_when_it_lands_on_a_later_comment_page(client):
    set_rules(comments_per_page=2)
    post = make_post()
    for n in range(2):
        make_comment(post, body=f"<p>Thread {n}</p>", minutes_ago=30 - n)

    response = post_comment(client, post, body="My held words")

    html = client.get(response["Location"]).text
    assert "My held words" in html
    assert "Your comment is awaiting moderation." in html


def test_an_approved_comment_on_a_later_comment_page_is_linked_on_its_page(client):
    set_rules(comments_per_page=2)
    post = make_post()
    for n in range(2):
        make_comment(post, body=f"<p>Thread {n}</p>", minutes_ago=30 - n)
    make_comment(make_post(), author_name="Ann Reader", author_email="ann@example.com")

    response = post_comment(client, post, body="My approved words")

    comment = Comment.objects.get(body="<p>My approved words</p>")
    assert comment.status == Comment.Status.APPROVED
    assert f'id="comment-{comment.pk}"' in client.get(response["Location"]).text


@pytest.mark.parametrize(
    "query",
    [
        "?cpage=abc",
        "?cpage=-1",
        "?cpage=99999",
        "?replytocom=abc",
        "?replytocom=99999999999999999999999",
        "?unapproved=abc&moderation-hash=x",
        "?unapproved=99999999999999999999999&moderation-hash=x",
    ],
)
def test_nonsense_in_the_query_string_still_shows_the_post(client, query):
    post = make_post()
    comment = make_comment(post)

    response = client.get(post.get_absolute_url() + query)

    assert response.status_code == 200
    assert f'id="comment-{comment.pk}"' in response.text
